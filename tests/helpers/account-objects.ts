/**
 * An onboarded agent with one real object of every kind an /api/agents/v1 path can name: an API
 * key, a second access token, a saved card, a funded payment (its PaymentIntent and receipt), a
 * payment link (its Checkout session), a subscription and its first invoice. Everything is made
 * through the public routes against the emulator, so ids are exactly what a caller would see.
 */
import * as apiKeysRoute from "@/app/api/agents/v1/api-keys/route";
import * as loginRoute from "@/app/api/agents/v1/auth/login/route";
import * as tokensRoute from "@/app/api/agents/v1/auth/tokens/route";
import * as invoicesRoute from "@/app/api/agents/v1/billing/invoices/route";
import * as linkRoute from "@/app/api/agents/v1/billing/payment-link/route";
import * as cardsRoute from "@/app/api/agents/v1/billing/payment-methods/route";
import * as modelsRoute from "@/app/api/agents/v1/models/route";
import * as subscriptionsRoute from "@/app/api/agents/v1/subscriptions/route";
import * as teamsRoute from "@/app/api/agents/v1/teams/route";
import * as fundRoute from "@/app/api/agents/v1/wallet/fund/route";
import { holdRequest } from "@/lib/approvals/requests";
import { getDb } from "@/lib/db/client";
import { onboardAgent, type TestAgent } from "./agent";
import { call } from "./http";
import type { TestStripe } from "./stripe";
import { accountOf } from "./team";

export interface AccountObjects {
  agent: TestAgent;
  apiKeyId: string;
  /** An access token of the account other than `agent.token` (safe to revoke). */
  spareTokenId: string;
  /** A token holding only `files:write`, which no agents-API route accepts. */
  narrowToken: string;
  paymentMethodId: string;
  paymentIntentId: string;
  receiptId: string;
  invoiceId: string;
  checkoutSessionId: string;
  subscriptionId: string;
  /** A pending invitation of the account (its member id and its invite UUID). */
  teamMemberId: string;
  inviteId: string;
  /** A held request of the account (a member's fund waiting for approval). */
  approvalId: string;
  /** A model of the shared catalogue (not account-owned). */
  modelId: string;
}

const base = "/api/agents/v1";

async function ok<T = any>(what: string, pending: ReturnType<typeof call<T>>): Promise<T> {
  const res = await pending;
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.json)}`);
  return (res.json as { data: T }).data;
}

export async function createAccountObjects(stripe: TestStripe): Promise<AccountObjects> {
  const agent = await onboardAgent();
  const auth = agent.auth;
  const login = (scopes?: string[]) =>
    ok(
      "login",
      call(loginRoute.POST, `${base}/auth/login`, {
        method: "POST",
        body: { email: agent.email, password: "secret123", ...(scopes ? { scopes } : {}) },
      }),
    );
  await login();
  const narrow = await login(["files:write"]);
  const tokens = await ok<any[]>("tokens", call(tokensRoute.GET, `${base}/auth/tokens`, { headers: auth }));
  const spare = tokens.find((t) => !t.current && !(t.abilities ?? t.scopes ?? []).includes("files:write"));
  const keys = await ok<any[]>("api keys", call(apiKeysRoute.GET, `${base}/api-keys`, { headers: auth }));

  const pm = await stripe.tokenize("4242424242424242");
  await ok(
    "save card",
    call(cardsRoute.POST, `${base}/billing/payment-methods`, {
      method: "POST",
      body: { payment_method_id: pm },
      headers: auth,
    }),
  );
  const funded = await ok(
    "fund",
    call(fundRoute.POST, `${base}/wallet/fund`, {
      method: "POST",
      body: { amount: 25, payment_method_id: pm },
      headers: auth,
    }),
  );
  const link = await ok(
    "payment link",
    call(linkRoute.POST, `${base}/billing/payment-link`, {
      method: "POST",
      body: { purpose: "fund", amount: 20 },
      headers: auth,
    }),
  );
  const subscribed = await ok(
    "subscribe",
    call(subscriptionsRoute.POST, `${base}/subscriptions`, {
      method: "POST",
      body: { plan_id: 10, payment_method_id: pm },
      headers: auth,
    }),
  );
  await stripe.emulator.webhooksIdle();
  const invoices = await ok<any>(
    "invoices",
    call(invoicesRoute.GET, `${base}/billing/invoices`, { headers: auth }),
  );
  const list: any[] = Array.isArray(invoices) ? invoices : (invoices.invoices ?? invoices.data ?? []);
  const receipt = list.find((i) => String(i.id).startsWith("rcpt_"));
  const invoice = list.find((i) => String(i.id).startsWith("in_"));

  const models = await ok<any>("models", call(modelsRoute.GET, `${base}/models`, { headers: auth }));
  const model = (Array.isArray(models) ? models : (models.items ?? models.models ?? []))[0];

  const invited = await ok<any>(
    "invite",
    call(teamsRoute.POST, `${base}/teams`, {
      method: "POST",
      body: { email: `invitee-${agent.userId.slice(0, 8)}@example.com`, role: "member" },
      headers: auth,
    }),
  );
  // Held as if the agent were a member of its account: the row is what the approval routes name.
  const held = await holdRequest(
    await getDb(),
    { accountId: await accountOf(agent), userId: agent.userId, role: "member", label: "objects" },
    { kind: "fund", amountMinor: 50_000 },
    null,
  );

  const found = {
    agent,
    apiKeyId: String(keys[0]?.id ?? ""),
    spareTokenId: String(spare?.id ?? ""),
    narrowToken: String(narrow.access_token ?? ""),
    paymentMethodId: pm,
    paymentIntentId: String(funded.payment_intent_id ?? funded.payment?.payment_intent_id ?? ""),
    receiptId: String(receipt?.id ?? ""),
    invoiceId: String(invoice?.id ?? subscribed.payment?.invoice_id ?? ""),
    checkoutSessionId: String(link.session_id ?? link.id ?? ""),
    subscriptionId: String(subscribed.subscription?.id ?? ""),
    modelId: String(model?.model_id ?? ""),
    teamMemberId: String(invited.id ?? ""),
    inviteId: String(invited.invite_id ?? ""),
    approvalId: String(held?.id ?? ""),
  };
  const missing = Object.entries(found).filter(([, v]) => v === "");
  if (missing.length > 0) {
    throw new Error(`account objects: could not find ${missing.map(([k]) => k).join(", ")}`);
  }
  return found;
}
