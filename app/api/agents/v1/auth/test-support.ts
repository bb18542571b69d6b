/**
 * Shared by the auth, me and api-keys route suites: drive the API the way an agent does, reading
 * codes from the local mailbox. Every call gets its own client IP so the per-IP limiters never
 * couple unrelated tests.
 */
import { randomBytes } from "node:crypto";
import * as mailboxRoute from "@/app/dev/mailbox/messages/route";
import { type CallOptions, type CallResult, call } from "@/tests/helpers/http";
import * as loginRoute from "./login/route";
import * as signupRoute from "./signup/route";
import * as verifyRoute from "./verify-email/route";

let ipCounter = 0;
export function freshIp(): string {
  ipCounter += 1;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

export const uniqueEmail = (tag = "agent") => `${tag}-${randomBytes(5).toString("hex")}@example.com`;

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

type Handler = Parameters<typeof call>[0];

/** `call` with a fresh IP unless the test picks one. */
// biome-ignore lint/suspicious/noExplicitAny: tests read response fields they assert on one by one
export function send<T = any>(
  handler: Handler,
  path: string,
  options: CallOptions = {},
): Promise<CallResult<T>> {
  return call<T>(handler, path, { ip: freshIp(), ...options });
}

export interface MailboxEntry {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  created_at: string;
}

export async function mailbox(to: string): Promise<MailboxEntry[]> {
  // The mailbox answers only this machine (lib/http/dev-access.ts), whatever IP the agent used.
  const res = await send(mailboxRoute.GET, `/dev/mailbox/messages?to=${encodeURIComponent(to)}`, {
    ip: "127.0.0.1",
  });
  if (res.status !== 200) throw new Error(`mailbox answered ${res.status}: ${JSON.stringify(res.json)}`);
  return res.json.data;
}

export const codeFrom = (text: string) => /^Verification code: (vc_[a-z2-7]{26})$/m.exec(text)?.[1];
export const resetTokenFrom = (text: string) => /^Reset token: (\S+)$/m.exec(text)?.[1];

/** The newest verification code mailed to `to`. */
export async function latestCode(to: string): Promise<string> {
  for (const message of await mailbox(to)) {
    const code = codeFrom(message.text);
    if (code) return code;
  }
  throw new Error(`no verification code mailed to ${to}`);
}

export interface Agent {
  email: string;
  password: string;
  token: string;
  apiKey: string;
  userId: string;
}

/** Steps 1–2 of the seed: signup, read the code, verify. */
export async function onboard(
  options: { email?: string; password?: string; name?: string } = {},
): Promise<Agent> {
  const email = options.email ?? uniqueEmail();
  const password = options.password ?? "secret123";
  const signup = await send(signupRoute.POST, "/api/agents/v1/auth/signup", {
    method: "POST",
    body: { email, password, name: options.name ?? "Agent Runner" },
  });
  if (signup.status !== 201)
    throw new Error(`signup answered ${signup.status}: ${JSON.stringify(signup.json)}`);
  const verify = await send(verifyRoute.POST, "/api/agents/v1/auth/verify-email", {
    method: "POST",
    body: { verification_code: await latestCode(email) },
  });
  if (verify.status !== 200)
    throw new Error(`verify answered ${verify.status}: ${JSON.stringify(verify.json)}`);
  const { access_token, api_key, user } = verify.json.data;
  return { email, password, token: access_token, apiKey: api_key, userId: user.id };
}

export async function loginAs(
  agent: { email: string; password: string },
  extra: Record<string, unknown> = {},
) {
  return send(loginRoute.POST, "/api/agents/v1/auth/login", {
    method: "POST",
    body: { email: agent.email, password: agent.password, ...extra },
  });
}
