/**
 * The agent's side of the seed flow over HTTP, for Playwright specs: steps 1–2 (signup, the code
 * from the local mailbox, verify) and step 3 (tokenize a card at the Stripe API base with the
 * publishable key, as `curl --user pk_…:` does).
 */
import { randomBytes } from "node:crypto";
import { type APIRequestContext, expect } from "@playwright/test";

export const API = "/api/agents/v1";

export interface OnboardedAgent {
  email: string;
  auth: { Authorization: string };
}

/** `base` is empty for the configured app, or an origin for another instance. */
export async function onboard(
  request: APIRequestContext,
  base = "",
  prefix = "agent",
): Promise<OnboardedAgent> {
  const email = `${prefix}-${randomBytes(5).toString("hex")}@example.com`;
  const signup = await request.post(`${base}${API}/auth/signup`, {
    data: { email, password: "secret123", name: "Agent Runner" },
  });
  expect(signup.status()).toBe(201);
  const mail = await (
    await request.get(`${base}/dev/mailbox/messages?to=${encodeURIComponent(email)}`)
  ).json();
  const code = /Verification code: (\S+)/.exec(mail.data[0]?.text ?? "")?.[1];
  expect(code, "the verification email carries the code").toBeTruthy();
  const verified = await request.post(`${base}${API}/auth/verify-email`, {
    data: { verification_code: code },
  });
  expect(verified.status()).toBe(200);
  return { email, auth: { Authorization: `Bearer ${(await verified.json()).data.access_token}` } };
}

export async function tokenize(
  request: APIRequestContext,
  auth: Record<string, string>,
  number: string,
  base = "",
) {
  const config = (await (await request.get(`${base}${API}/billing/stripe-config`, { headers: auth })).json())
    .data as {
    publishable_key: string;
    api_base: string;
  };
  const res = await request.post(`${config.api_base}/v1/payment_methods`, {
    headers: { Authorization: `Basic ${Buffer.from(`${config.publishable_key}:`).toString("base64")}` },
    form: {
      type: "card",
      "card[number]": number,
      "card[exp_month]": "12",
      "card[exp_year]": "2030",
      "card[cvc]": "123",
    },
  });
  expect(res.status()).toBe(200);
  return (await res.json()).id as string;
}
