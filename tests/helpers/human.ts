/**
 * A signed-up, verified person with a dashboard session, for testing dashboard handlers: onboarded
 * through the real API routes (tests/helpers/agent.ts), then signed in as the dashboard does.
 */
import { getUserOrThrow } from "@/lib/accounts/users";
import type { HumanContext } from "@/lib/actions/session";
import { type Human, startDashboardSession } from "@/lib/auth/dashboard-sessions";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { onboardAgent, type TestAgent } from "./agent";

export interface TestHuman {
  human: Human;
  agent: TestAgent;
  ctx: () => Promise<HumanContext>;
}

export async function signedInHuman(): Promise<TestHuman> {
  const agent = await onboardAgent();
  const db = await getDb();
  const user = await getUserOrThrow(db, agent.userId);
  const session = await startDashboardSession(db, {
    userId: user.id,
    accountId: user.personalAccountId,
    passwordHash: user.passwordHash,
    userAgent: "node:test",
  });
  const human: Human = {
    userId: user.id,
    accountId: user.personalAccountId,
    sessionId: session.id,
    email: user.email,
    name: user.name,
    role: "owner",
  };
  return { human, agent, ctx: async () => ({ db: await getDb(), human }) };
}

/**
 * Saves a card as the dashboard's Elements form does: a SetupIntent from the handler, confirmed at
 * the emulator with the publishable key (Stripe.js's call). Returns the pm_… id, or the error.
 */
export async function setUpCard(
  stripe: { url: string; tokenize: (n: string) => Promise<string> },
  ctx: HumanContext,
  number = "4242424242424242",
): Promise<string> {
  const { handleStartSetup } = await import("@/lib/actions/card-handlers");
  const setup = await handleStartSetup(ctx);
  const pm = await stripe.tokenize(number);
  const res = await fetch(`${stripe.url}/v1/setup_intents/${setup.setup_intent_id}/confirm`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      key: env().stripe.publishableKey,
      client_secret: setup.client_secret,
      payment_method: pm,
      use_stripe_sdk: "true",
    }),
  });
  const json = (await res.json()) as {
    status?: string;
    payment_method?: string;
    error?: { message: string };
  };
  if (json.status !== "succeeded" || !json.payment_method) {
    throw new Error(`setup failed: ${json.error?.message ?? json.status}`);
  }
  return json.payment_method;
}
