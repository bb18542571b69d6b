/**
 * Onboards an agent through the real HTTP routes — signup, the code from the mailbox, verify — and
 * returns its bearer token and API key, exactly as the seed's steps 1 and 2 do.
 */
import { randomUUID } from "node:crypto";
import { POST as signup } from "@/app/api/agents/v1/auth/signup/route";
import { POST as verify } from "@/app/api/agents/v1/auth/verify-email/route";
import { GET as mailbox } from "@/app/dev/mailbox/messages/route";
import { call } from "./http";

export interface TestAgent {
  email: string;
  token: string;
  apiKey: string;
  userId: string;
  auth: Record<string, string>;
}

export async function onboardAgent(options: { ip?: string } = {}): Promise<TestAgent> {
  const email = `agent-${randomUUID().slice(0, 12)}@example.com`;
  const ip = options.ip ?? `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.1`;
  const created = await call(signup, "/api/agents/v1/auth/signup", {
    method: "POST",
    body: { email, password: "secret123", name: "Agent Runner" },
    ip,
  });
  if (created.status !== 201) throw new Error(`signup failed: ${JSON.stringify(created.json)}`);
  const mail = await call(mailbox, `/dev/mailbox/messages?to=${encodeURIComponent(email)}`);
  const text: string = mail.json.data?.[0]?.text ?? "";
  const code = /Verification code: (\S+)/.exec(text)?.[1];
  if (!code) throw new Error(`no verification code mailed to ${email}`);
  const verified = await call(verify, "/api/agents/v1/auth/verify-email", {
    method: "POST",
    body: { verification_code: code },
    ip,
  });
  if (verified.status !== 200) throw new Error(`verify failed: ${JSON.stringify(verified.json)}`);
  const { access_token: token, api_key: apiKey, user } = verified.json.data;
  return { email, token, apiKey, userId: user.id, auth: { authorization: `Bearer ${token}` } };
}
