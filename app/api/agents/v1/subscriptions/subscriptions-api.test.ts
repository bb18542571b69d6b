import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import * as invoicePdfRoute from "@/app/api/agents/v1/billing/invoices/[id]/pdf/route";
import * as invoiceRoute from "@/app/api/agents/v1/billing/invoices/[id]/route";
import * as invoicesRoute from "@/app/api/agents/v1/billing/invoices/route";
import * as overviewRoute from "@/app/api/agents/v1/billing/overview/route";
import * as cardRoute from "@/app/api/agents/v1/billing/payment-methods/[id]/route";
import * as cardsRoute from "@/app/api/agents/v1/billing/payment-methods/route";
import * as fundRoute from "@/app/api/agents/v1/wallet/fund/route";
import * as receiptRoute from "@/app/receipts/[id]/route";
import { getDb } from "@/lib/db/client";
import { outboxEmails } from "@/lib/db/schema";
import { memberships } from "@/lib/db/schema/accounts";
import { subscriptions } from "@/lib/db/schema/subscriptions";
import { resetEnvCache } from "@/lib/env";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { stripe } from "@/lib/stripe/client";
import { fulfilSubscriptionSession } from "@/lib/subscriptions/checkout";
import { consumePlanQuota, planQuotaStatus } from "@/lib/subscriptions/quota";
import { onboardAgent, type TestAgent } from "@/tests/helpers/agent";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { call } from "@/tests/helpers/http";
import { assertLedgerInvariants } from "@/tests/helpers/ledger";
import { type TestStripe, useEmulator } from "@/tests/helpers/stripe";
import * as cancelRoute from "./[id]/cancel/route";
import * as fixRoute from "./[id]/fix-payment/route";
import * as pauseRoute from "./[id]/pause/route";
import * as resetRoute from "./[id]/reset-cycle/route";
import * as resumeRoute from "./[id]/resume/route";
import * as subscriptionRoute from "./[id]/route";
import * as statusRoute from "./[id]/status/route";
import * as chargeRoute from "./charge-amount/route";
import * as confirmRoute from "./confirm-checkout/route";
import * as plansRoute from "./plans/route";
import * as subscriptionsRoute from "./route";

process.env.RATE_LIMIT_BILLING_PER_MINUTE = "100000";
process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "100000";

const base = "/api/agents/v1";
type Route = { POST?: unknown; GET?: unknown; PUT?: unknown };
type Handler = Parameters<typeof call>[0];

const req = (agent: TestAgent, key?: string) => ({
  ...agent.auth,
  ...(key ? { "idempotency-key": key } : {}),
});

const subscribe = (agent: TestAgent, body: unknown, key?: string) =>
  call(subscriptionsRoute.POST, `${base}/subscriptions`, { method: "POST", body, headers: req(agent, key) });

/** POST/PUT on /subscriptions/{id}/…: `op` is the route module. */
const act = (
  route: Route,
  method: "POST" | "PUT",
  agent: TestAgent,
  id: number | string,
  suffix: string,
  body?: unknown,
  key?: string,
) =>
  call(route[method] as Handler, `${base}/subscriptions/${id}${suffix}`, {
    method,
    body: body ?? {},
    headers: req(agent, key),
    params: { id: String(id) },
  });

const status = (agent: TestAgent, id: number) =>
  call(statusRoute.GET, `${base}/subscriptions/${id}/status`, {
    headers: agent.auth,
    params: { id: String(id) },
  });

const list = (agent: TestAgent) =>
  call(subscriptionsRoute.GET, `${base}/subscriptions`, { headers: agent.auth });

const invoices = (agent: TestAgent) =>
  call(invoicesRoute.GET, `${base}/billing/invoices`, { headers: agent.auth });

const invoice = (agent: TestAgent, id: string) =>
  call(invoiceRoute.GET, `${base}/billing/invoices/${id}`, { headers: agent.auth, params: { id } });

const invoicePdf = (agent: TestAgent, id: string) =>
  call(invoicePdfRoute.GET, `${base}/billing/invoices/${id}/pdf`, { headers: agent.auth, params: { id } });

async function receipt(url: string, headers: Record<string, string> = {}) {
  const u = new URL(url);
  const id = u.pathname.split("/").pop() ?? "";
  const response = await receiptRoute.GET(
    new Request(`http://127.0.0.1:3999${u.pathname}${u.search}`, { headers }),
    {
      params: Promise.resolve({ id }),
    },
  );
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

/** Same key twice: the second answer is the stored one, marked as a replay. */
async function assertReplay(
  first: { status: number; json: any },
  again: () => Promise<{ status: number; json: any; headers: Headers }>,
) {
  const second = await again();
  assert.equal(second.status, first.status);
  assert.equal(second.json.idempotency_replay, true);
  assert.equal(second.headers.get("idempotent-replayed"), "true");
  assert.deepEqual(second.json.data, first.json.data);
}

for (const kind of availableDatabases()) {
  describe(`subscriptions API on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    let s: TestStripe;
    let main: TestAgent;
    let mainSub: number;
    let mainFirstInvoice: string;
    let cardAgent: TestAgent;
    let renewalAgent: TestAgent;
    let renewalSub: number;
    let quotaAgent: TestAgent;
    let quotaSub: number;
    let checkoutAgent: TestAgent;
    let stranger: TestAgent;
    let racer: TestAgent;
    let mainReceipt: string;
    const stripeCount = async (type: string) => (await s.helper("/_emulator/stats")).objects[type] as number;
    const customerInvoices = async (subId: number) => {
      const [row] = await (await getDb()).select().from(subscriptions).where(eq(subscriptions.id, subId));
      return (await stripe().invoices.list({ subscription: row!.stripeSubscriptionId, limit: 100 })).data;
    };

    before(async () => {
      resetEnvCache();
      resetRateLimiters();
      cleanup = await useFreshDatabase(kind);
      s = await useEmulator({ deliverWebhooks: true });
      const agents = await Promise.all(Array.from({ length: 7 }, () => onboardAgent()));
      [main, cardAgent, renewalAgent, quotaAgent, checkoutAgent, stranger, racer] = agents as [
        TestAgent,
        TestAgent,
        TestAgent,
        TestAgent,
        TestAgent,
        TestAgent,
        TestAgent,
      ];
    });
    after(async () => {
      await s.emulator.webhooksIdle();
      await assertLedgerInvariants(await getDb());
      await s.close();
      await cleanup();
    });

    test("GET /subscriptions/plans: the documented shape, with plan 10 of the seed", async () => {
      const res = await call(plansRoute.GET, `${base}/subscriptions/plans`, { headers: main.auth });
      assert.equal(res.status, 200);
      const { subscription_plans: plans, pay_as_you_go: payg, count } = res.json.data;
      assert.equal(count, plans.length);
      const basic = plans.find((p: any) => p.id === 10);
      assert.deepEqual(
        { ...basic, features: undefined, description: undefined },
        {
          id: 10,
          name: "Basic Enterprise",
          category: "enterprise",
          period: "monthly",
          type: "basic",
          price: 249,
          currency: "USD",
          api_call_limit: 250000,
          rate_limit: 120,
          rate_limit_unit: "requests_per_minute",
          features: undefined,
          description: undefined,
        },
      );
      assert.ok(basic.features.length > 0);
      assert.ok(plans.some((p: any) => p.period === "yearly"));
      assert.equal(payg.available, true);
      assert.equal(payg.minimum_topup_usd, 10);
      assert.equal(payg.auto_payments.supported, true);
      assert.match(payg.fund_endpoint, /wallet\/fund$/);
    });

    test("the seed's step 4B: plan_id 10 with a 4242 card → 201 active; a replay buys nothing more", async () => {
      const pm = await s.tokenize("4242424242424242");
      const subsBefore = await stripeCount("subscription");
      const first = await subscribe(main, { plan_id: 10, payment_method_id: pm }, "sub-10-seed");
      assert.equal(first.status, 201, JSON.stringify(first.json));
      const data = first.json.data;
      assert.equal(data.status, "active");
      assert.match(data.stripe_subscription_id, /^sub_/);
      assert.equal(data.subscription.plan_id, 10);
      assert.equal(data.subscription.feature, "enterprise");
      assert.equal(data.subscription.status, "active");
      assert.equal(typeof data.subscription.id, "number");
      assert.match(data.message, /Basic Enterprise/);
      assert.equal(data.payment.status, "succeeded");
      assert.match(data.payment.payment_intent_id, /^pi_/);
      mainSub = data.subscription.id;
      mainFirstInvoice = data.payment.invoice_id;
      await assertReplay(first, () => subscribe(main, { plan_id: 10, payment_method_id: pm }, "sub-10-seed"));
      assert.equal((await stripeCount("subscription")) - subsBefore, 1);

      const st = await status(main, mainSub);
      assert.equal(st.status, 200);
      for (const field of [
        "id",
        "plan_id",
        "status",
        "stripe_subscription_id",
        "current_period_start",
        "current_period_end",
      ]) {
        assert.ok(st.json.data[field] !== undefined && st.json.data[field] !== null, field);
      }
      assert.ok(new Date(st.json.data.current_period_end) > new Date(st.json.data.current_period_start));
      const all = await list(main);
      assert.deepEqual(
        all.json.data.map((x: any) => [x.id, x.status]),
        [[mainSub, "active"]],
      );
    });

    test("GET /subscriptions/{id}: the account's subscription, as the list shows it", async () => {
      const one = await call(subscriptionRoute.GET, `${base}/subscriptions/${mainSub}`, {
        headers: main.auth,
        params: { id: String(mainSub) },
      });
      assert.equal(one.status, 200, JSON.stringify(one.json));
      assert.equal(one.json.data.id, mainSub);
      assert.equal(one.json.data.plan_id, 10);
      assert.equal(one.json.data.plan.name, "Basic Enterprise");
      const listed = (await list(main)).json.data.find((x: any) => x.id === mainSub);
      assert.deepEqual(one.json.data, listed);
    });

    test("one live subscription per category: 409 in the same category, another category is fine", async () => {
      const pm = await s.tokenize("4242424242424242");
      const again = await subscribe(main, { plan_id: 11, payment_method_id: pm });
      assert.equal(again.status, 409);
      assert.equal(again.json.error.code, "conflict");
      assert.equal(again.json.error.details.subscription_id, mainSub);
      assert.match(again.json.error.message, /PUT \/api\/agents\/v1\/subscriptions/);
      const noCard = await subscribe(main, { plan_id: 12 });
      assert.equal(noCard.status, 409);
      const unknown = await subscribe(main, { plan_id: 999, payment_method_id: pm });
      assert.equal(unknown.status, 422);
      assert.ok(unknown.json.error.details.plan_id);
      const bad = await subscribe(main, { plan_id: "ten", payment_method_id: "card_123" });
      assert.equal(bad.status, 422);
      assert.ok(bad.json.error.details.plan_id && bad.json.error.details.payment_method_id);
    });

    test("concurrent purchases: one key 10× → one subscription; 5 keys at once → one 201, the rest 409", async () => {
      const pm = await s.tokenize("4242424242424242");
      const before = await stripeCount("subscription");
      const same = await Promise.all(
        Array.from({ length: 10 }, () =>
          subscribe(racer, { plan_id: 11, payment_method_id: pm }, "race-one-key"),
        ),
      );
      for (const r of same)
        assert.ok(
          r.status === 201 || (r.status === 409 && r.json.error.code === "idempotency_key_in_use"),
          `${r.status}`,
        );
      assert.equal((await stripeCount("subscription")) - before, 1);
      const created = same.find((r) => r.status === 201 && !r.json.idempotency_replay);
      assert.ok(created);
      const id = created.json.data.subscription.id;
      assert.equal((await act(cancelRoute, "POST", racer, id, "/cancel", { immediately: true })).status, 200);

      const keys = await Promise.all(
        Array.from({ length: 5 }, async (_, i) =>
          subscribe(
            racer,
            { plan_id: 10, payment_method_id: await s.tokenize("4242424242424242") },
            `race-${i}`,
          ),
        ),
      );
      assert.deepEqual(keys.map((r) => r.status).sort(), [201, 409, 409, 409, 409]);
      for (const r of keys.filter((k) => k.status === 409)) assert.equal(r.json.error.code, "conflict");
      assert.equal((await list(racer)).json.data.filter((x: any) => x.status === "active").length, 1);
    });

    test("decline cards: 402 with the seed's body, and nothing is left behind", async () => {
      for (const [card, code] of [
        ["4000000000000002", "generic_decline"],
        ["4000000000009995", "insufficient_funds"],
        ["4000000000000341", "generic_decline"],
      ] as const) {
        const body = { plan_id: 1, payment_method_id: await s.tokenize(card) };
        const res = await subscribe(cardAgent, body, `decline-${card}`);
        assert.equal(res.status, 402, card);
        assert.equal(res.json.error.code, "payment_declined");
        assert.equal(res.json.error.details.decline_code, code);
        assert.match(res.json.error.details.payment_intent_id, /^pi_/);
        await assertReplay(res, () => subscribe(cardAgent, body, `decline-${card}`));
      }
      assert.deepEqual((await list(cardAgent)).json.data, []);
      const rows = await (await getDb())
        .select()
        .from(subscriptions)
        .where(eq(subscriptions.category, "imagen"));
      const mine = rows.filter((r) => r.createdByUserId === cardAgent.userId);
      assert.equal(mine.length, 3);
      for (const row of mine) {
        const remote = await stripe().subscriptions.retrieve(row.stripeSubscriptionId);
        assert.equal(remote.status, "canceled");
        const inv = await stripe().invoices.retrieve(remote.latest_invoice as string);
        assert.equal(inv.status, "void");
      }
    });

    test("3-D Secure (…3155): 202 requires_action; once a human authenticates, the subscription is active", async () => {
      // An attempt left waiting for authentication is replaced by the next purchase in its category.
      const abandoned = await subscribe(cardAgent, {
        plan_id: 1,
        payment_method_id: await s.tokenize("4000002760003184"),
      });
      assert.equal(abandoned.status, 202);
      const res = await subscribe(cardAgent, {
        plan_id: 2,
        payment_method_id: await s.tokenize("4000002500003155"),
      });
      assert.equal(res.status, 202, JSON.stringify(res.json));
      const { payment, subscription, status: st, message } = res.json.data;
      assert.equal(st, "requires_action");
      assert.equal(payment.status, "requires_action");
      assert.match(payment.payment_intent_id, /^pi_/);
      assert.match(payment.client_secret, /^pi_.+_secret_/);
      assert.ok(payment.next_action_url.endsWith(`/pay/authenticate/${payment.payment_intent_id}`));
      assert.equal(subscription.status, "incomplete");
      assert.match(message, /authenticat/i);
      // Shown while it waits, so the agent can follow it.
      assert.deepEqual(
        (await list(cardAgent)).json.data.map((x: any) => x.status),
        ["incomplete"],
      );
      await s.helper(`/_emulator/payment_intents/${payment.payment_intent_id}/authenticate`, {
        result: "succeed",
      });
      const after = await status(cardAgent, subscription.id);
      assert.equal(after.json.data.status, "active");
      await s.emulator.webhooksIdle();
      const [row] = await (await getDb())
        .select()
        .from(subscriptions)
        .where(eq(subscriptions.id, subscription.id));
      assert.equal(row?.status, "active");
    });

    test("Checkout without a card: checkout_url, 409 until paid, then confirm-checkout → active, exactly once", async () => {
      const started = await subscribe(checkoutAgent, { plan_id: 3 }, "checkout-3");
      assert.equal(started.status, 200, JSON.stringify(started.json));
      const { checkout_url, session_id, status: st } = started.json.data;
      assert.equal(st, "requires_checkout");
      assert.match(checkout_url, /^http/);
      assert.match(session_id, /^cs_/);
      await assertReplay(started, () => subscribe(checkoutAgent, { plan_id: 3 }, "checkout-3"));
      const confirm = (agent: TestAgent, key?: string) =>
        call(confirmRoute.POST, `${base}/subscriptions/confirm-checkout`, {
          method: "POST",
          body: { session_id },
          headers: req(agent, key),
        });
      const early = await confirm(checkoutAgent);
      assert.equal(early.status, 409);
      assert.equal(early.json.error.code, "checkout_not_paid");
      await s.helper(`/_emulator/checkout/sessions/${session_id}/complete`, { card: "4242424242424242" });
      assert.equal((await confirm(stranger)).status, 404);
      const session = await stripe().checkout.sessions.retrieve(session_id);
      const db = await getDb();
      const raced = await Promise.all(
        Array.from({ length: 5 }, () => fulfilSubscriptionSession(db, session, "test")),
      );
      assert.equal(raced.filter((r) => r.kind === "fulfilled" && !r.alreadyFulfilled).length, 1);
      const done = await confirm(checkoutAgent, "confirm-1");
      assert.equal(done.status, 200);
      assert.equal(done.json.data.already_confirmed, true);
      assert.equal(done.json.data.status, "active");
      assert.equal(done.json.data.subscription.plan_id, 3);
      await assertReplay(done, () => confirm(checkoutAgent, "confirm-1"));
      const fundSession = await call(fundRoute.POST, `${base}/wallet/fund`, {
        method: "POST",
        body: { amount: 10 },
        headers: checkoutAgent.auth,
      });
      const wrongKind = await call(confirmRoute.POST, `${base}/subscriptions/confirm-checkout`, {
        method: "POST",
        body: { session_id: fundSession.json.data.session_id },
        headers: checkoutAgent.auth,
      });
      assert.equal(wrongKind.status, 422);
    });

    test("a newer Checkout, or a purchase with a card, expires the category's open Checkout: only one can be paid", async () => {
      const agent = await onboardAgent();
      const first = await subscribe(agent, { plan_id: 3 });
      const second = await subscribe(agent, { plan_id: 4 });
      assert.equal(first.status, 200, JSON.stringify(first.json));
      assert.equal(second.status, 200, JSON.stringify(second.json));
      const sessionStatus = async (id: string) => (await stripe().checkout.sessions.retrieve(id)).status;
      assert.equal(await sessionStatus(first.json.data.session_id), "expired");
      assert.equal(await sessionStatus(second.json.data.session_id), "open");
      const paid = await s.helper(`/_emulator/checkout/sessions/${first.json.data.session_id}/complete`, {
        card: "4242424242424242",
      });
      assert.ok(paid.error, "the superseded page can no longer be paid");
      // Another category's Checkout is left alone.
      const enterprise = await subscribe(agent, { plan_id: 12 });
      assert.equal(enterprise.status, 200);

      const pm = await s.tokenize("4242424242424242");
      const bought = await subscribe(agent, { plan_id: 2, payment_method_id: pm });
      assert.equal(bought.status, 201, JSON.stringify(bought.json));
      assert.equal(await sessionStatus(second.json.data.session_id), "expired");
      assert.equal(await sessionStatus(enterprise.json.data.session_id), "open");
      const mine = await list(agent);
      assert.deepEqual(
        mine.json.data.map((x: any) => [x.plan_id, x.status]),
        [[2, "active"]],
      );
    });

    test("a Checkout paid while a purchase with a card is starting: that purchase gets 409 naming the paid one", async () => {
      const agent = await onboardAgent();
      const started = await subscribe(agent, { plan_id: 3 });
      const sessionId: string = started.json.data.session_id;
      // Hold the expiry long enough for the human to finish paying first.
      await s.helper("/_emulator/faults", {
        path: "/v1/checkout/sessions/*",
        method: "POST",
        action: "latency",
        ms: 700,
        count: 1,
      });
      const pm = await s.tokenize("4242424242424242");
      const purchase = subscribe(agent, { plan_id: 2, payment_method_id: pm });
      await new Promise((resolve) => setTimeout(resolve, 150));
      const paid = await s.helper(`/_emulator/checkout/sessions/${sessionId}/complete`, {
        card: "4242424242424242",
      });
      assert.equal(paid.error, undefined, JSON.stringify(paid));
      const refused = await purchase;
      assert.equal(refused.status, 409, JSON.stringify(refused.json));
      assert.equal(refused.json.error.details.plan_id, 3);
      const named = refused.json.error.details.subscription_id;
      await s.emulator.webhooksIdle();
      const mine = await list(agent);
      assert.deepEqual(
        mine.json.data.map((x: any) => [x.id, x.plan_id, x.status]),
        [[named, 3, "active"]],
      );
      const stripeSubs = await stripe().subscriptions.list({
        customer: (await stripe().checkout.sessions.retrieve(sessionId)).customer as string,
        status: "all",
      });
      assert.deepEqual(
        stripeSubs.data.filter((x) => x.status !== "canceled" && x.status !== "incomplete_expired").length,
        1,
        "nothing else is live at Stripe",
      );
    });

    test("change plan (new_plan_id, alias plan_id): prorated and invoiced now; impossible changes are refused", async () => {
      const up = await act(subscriptionRoute, "PUT", main, mainSub, "", { new_plan_id: 11 }, "change-11");
      assert.equal(up.status, 200, JSON.stringify(up.json));
      assert.equal(up.json.data.subscription.plan_id, 11);
      assert.equal(up.json.data.previous_plan_id, 10);
      const proration = up.json.data.proration;
      assert.equal(proration.status, "paid");
      assert.equal(proration.billing_reason, "subscription_update");
      // Moments into the period: almost the whole difference of $250 is charged.
      assert.ok(proration.total > 240 && proration.total <= 250, `proration ${proration.total}`);
      await assertReplay(up, () =>
        act(subscriptionRoute, "PUT", main, mainSub, "", { new_plan_id: 11 }, "change-11"),
      );
      const detail = await invoice(main, proration.id);
      assert.equal(detail.status, 200);
      assert.equal(detail.json.data.lines.length, 2);
      assert.ok(detail.json.data.lines.every((l: any) => l.proration === true));
      assert.ok(detail.json.data.lines.some((l: any) => l.amount < 0));

      const down = await act(subscriptionRoute, "PUT", main, mainSub, "", { plan_id: 10 });
      assert.equal(down.status, 200);
      assert.equal(down.json.data.subscription.plan_id, 10);
      assert.ok(down.json.data.proration.credited > 240);

      const same = await act(subscriptionRoute, "PUT", main, mainSub, "", { new_plan_id: 10 });
      assert.equal(same.status, 409);
      const otherCategory = await act(subscriptionRoute, "PUT", main, mainSub, "", { new_plan_id: 2 });
      assert.equal(otherCategory.status, 422);
      assert.ok(otherCategory.json.error.details.new_plan_id);
      const missing = await act(subscriptionRoute, "PUT", main, mainSub, "", {});
      assert.equal(missing.status, 422);
      const notAnId = await act(subscriptionRoute, "PUT", main, "abc", "", { new_plan_id: 11 });
      assert.equal(notAnId.status, 404);
    });

    test("a plan change after the subscription's card was removed: 409 naming fix-payment, never a 500", async () => {
      const owner = await onboardAgent();
      const pm = await s.tokenize("4242424242424242");
      const bought = await subscribe(owner, { plan_id: 10, payment_method_id: pm });
      assert.equal(bought.status, 201, JSON.stringify(bought.json));
      const id = bought.json.data.subscription.id;
      const cards = await call(cardsRoute.GET as Handler, `${base}/billing/payment-methods`, {
        headers: owner.auth,
      });
      const list: any[] = Array.isArray(cards.json.data) ? cards.json.data : cards.json.data.payment_methods;
      assert.ok(list.length > 0, JSON.stringify(cards.json));
      for (const card of list) {
        const removed = await call(
          cardRoute.DELETE as Handler,
          `${base}/billing/payment-methods/${card.id}`,
          {
            method: "DELETE",
            headers: owner.auth,
            params: { id: card.id },
          },
        );
        assert.equal(removed.status, 200, JSON.stringify(removed.json));
      }
      const change = await act(subscriptionRoute, "PUT", owner, id, "", { new_plan_id: 11 });
      assert.equal(change.status, 409, JSON.stringify(change.json));
      assert.equal(change.json.error.details.reason, "payment_method_removed");
      assert.match(change.json.error.message, /fix-payment/);
      const after = await status(owner, id);
      assert.equal(after.json.data.plan_id ?? after.json.data.subscription?.plan_id, 10);
      // Out of the way of the clock-driven renewal tests below.
      const cancelled = await act(cancelRoute, "POST", owner, id, "/cancel", { immediately: true });
      assert.equal(cancelled.status, 200, JSON.stringify(cancelled.json));
    });

    test("pause → paused (no plan quota), resume → active; repeats are 409; replays are stored", async () => {
      const db = await getDb();
      const paused = await act(pauseRoute, "POST", main, mainSub, "/pause", undefined, "pause-1");
      assert.equal(paused.status, 200);
      assert.equal(paused.json.data.subscription.status, "paused");
      await assertReplay(paused, () =>
        act(pauseRoute, "POST", main, mainSub, "/pause", undefined, "pause-1"),
      );
      const account = await mainAccount(main);
      assert.equal(await db.transaction((tx) => consumePlanQuota(tx, account, 1)), false);
      assert.equal((await act(pauseRoute, "POST", main, mainSub, "/pause")).status, 409);
      assert.equal((await act(subscriptionRoute, "PUT", main, mainSub, "", { new_plan_id: 11 })).status, 409);
      const remote = await stripe().subscriptions.retrieve(
        paused.json.data.subscription.stripe_subscription_id,
      );
      assert.equal(remote.pause_collection?.behavior, "void");

      const resumed = await act(resumeRoute, "POST", main, mainSub, "/resume", undefined, "resume-1");
      assert.equal(resumed.status, 200);
      assert.equal(resumed.json.data.subscription.status, "active");
      await assertReplay(resumed, () =>
        act(resumeRoute, "POST", main, mainSub, "/resume", undefined, "resume-1"),
      );
      const again = await act(resumeRoute, "POST", main, mainSub, "/resume");
      assert.equal(again.status, 409);
      assert.equal(again.json.error.code, "conflict");
    });

    test("reset-cycle: a new period starts now, the unused time is credited and the quota starts afresh", async () => {
      const db = await getDb();
      const account = await mainAccount(main);
      assert.equal(await db.transaction((tx) => consumePlanQuota(tx, account, 7)), true);
      assert.equal((await planQuotaStatus(db, account))?.used, 7);
      const before = (await status(main, mainSub)).json.data;
      await s.helper("/_emulator/clock/advance", { days: 2 });
      const reset = await act(resetRoute, "POST", main, mainSub, "/reset-cycle", undefined, "reset-1");
      assert.equal(reset.status, 200, JSON.stringify(reset.json));
      assert.ok(
        new Date(reset.json.data.subscription.current_period_start) > new Date(before.current_period_start),
      );
      assert.equal(reset.json.data.invoice.billing_reason, "subscription_update");
      assert.equal(reset.json.data.invoice.status, "paid");
      assert.equal(reset.json.data.subscription.usage.api_calls_used, 0);
      await assertReplay(reset, () =>
        act(resetRoute, "POST", main, mainSub, "/reset-cycle", undefined, "reset-1"),
      );
      assert.equal((await planQuotaStatus(db, account))?.used, 0);
    });

    test("invoices: the first subscription invoice's PDF, a funding receipt as a real PDF, and detail", async () => {
      const pm = await s.tokenize("4242424242424242");
      const funded = await call(fundRoute.POST, `${base}/wallet/fund`, {
        method: "POST",
        body: { amount: 25, payment_method_id: pm },
        headers: main.auth,
      });
      assert.equal(funded.status, 200);
      const res = await invoices(main);
      assert.equal(res.status, 200);
      const items: any[] = res.json.data;
      const first = items.find((i) => i.id === mainFirstInvoice);
      assert.ok(first, "the first invoice is listed");
      assert.equal(first.status, "paid");
      assert.equal(first.amount, 249);
      assert.equal(first.type, "subscription");
      assert.equal(first.subscription_id, mainSub);
      assert.ok(first.created_at);
      const rcpt = items.find((i) => i.type === "wallet_funding");
      assert.ok(rcpt, "the funding has a receipt");
      assert.match(rcpt.id, /^rcpt_[0-9a-f]{32}$/);
      assert.equal(rcpt.amount, 25);
      assert.equal(rcpt.status, "paid");
      assert.match(rcpt.payment_reference, /^pi_/);
      mainReceipt = rcpt.id;
      // Newest first.
      const dates = items.map((i) => i.created_at);
      assert.deepEqual(dates, [...dates].sort().reverse());

      const pdf = await invoicePdf(main, mainFirstInvoice);
      assert.equal(pdf.status, 200);
      assert.match(pdf.json.data.url, /^http/);
      const bytes = Buffer.from(await (await fetch(pdf.json.data.url)).arrayBuffer());
      assert.equal(bytes.subarray(0, 5).toString(), "%PDF-");

      const receiptLink = await invoicePdf(main, mainReceipt);
      assert.equal(receiptLink.status, 200);
      assert.match(receiptLink.json.data.url, /\/receipts\/rcpt_[0-9a-f]{32}\?expires=\d+&signature=/);
      const doc = await receipt(receiptLink.json.data.url);
      assert.equal(doc.status, 200);
      assert.equal(doc.type, "application/pdf");
      assert.equal(doc.bytes.subarray(0, 5).toString(), "%PDF-");
      assert.ok(doc.bytes.length > 1000);
      const withBearer = await receipt(receiptLink.json.data.url.split("?")[0], main.auth);
      assert.equal(withBearer.status, 200);
      // Change the signature's first character to a different one (keeping it would be a valid link).
      const tampered = await receipt(
        receiptLink.json.data.url.replace(
          /signature=(.)/,
          (_: string, c: string) => `signature=${c === "A" ? "B" : "A"}`,
        ),
      );
      assert.equal(tampered.status, 404);
      assert.equal((await receipt(receiptLink.json.data.url.split("?")[0])).status, 401);

      const detail = await invoice(main, mainReceipt);
      assert.equal(detail.status, 200);
      assert.equal(detail.json.data.lines[0].amount, 25);
      assert.equal(detail.json.data.payment_method.last4, "4242");
      assert.equal((await invoice(main, "in_doesnotexist")).status, 404);
      assert.equal((await invoice(main, "rcpt_nothing")).status, 404);
      assert.equal((await invoice(main, "../etc")).status, 404);

      const overview = await call(overviewRoute.GET, `${base}/billing/overview`, { headers: main.auth });
      assert.equal(overview.json.data.subscriptions[0].id, mainSub);
      assert.equal(overview.json.data.invoice_count, items.length);
    });

    test("charge-amount: $5–$10,000, stored per account", async () => {
      assert.equal(
        (
          await call(chargeRoute.POST, `${base}/subscriptions/charge-amount`, {
            method: "POST",
            body: { amount: 4.99 },
            headers: main.auth,
          })
        ).status,
        422,
      );
      const set = await call(chargeRoute.POST, `${base}/subscriptions/charge-amount`, {
        method: "POST",
        body: { amount: 50 },
        headers: req(main, "charge-50"),
      });
      assert.equal(set.status, 200);
      assert.equal(set.json.data.charge_amount, 50);
      await assertReplay(set, () =>
        call(chargeRoute.POST, `${base}/subscriptions/charge-amount`, {
          method: "POST",
          body: { amount: 50 },
          headers: req(main, "charge-50"),
        }),
      );
      const read = await call(chargeRoute.GET, `${base}/subscriptions/charge-amount`, { headers: main.auth });
      assert.equal(read.json.data.charge_amount, 50);
      assert.equal(
        (await call(chargeRoute.GET, `${base}/subscriptions/charge-amount`, { headers: stranger.auth })).json
          .data.charge_amount,
        null,
      );
    });

    test("setup for renewals: a 0341 card on one subscription, quota use on another", async () => {
      const sub = await subscribe(renewalAgent, {
        plan_id: 1,
        payment_method_id: await s.tokenize("4242424242424242"),
      });
      assert.equal(sub.status, 201);
      renewalSub = sub.json.data.subscription.id;
      // The card stops working later: attaching …0341 succeeds, every charge fails.
      const customer = (await stripe().subscriptions.retrieve(sub.json.data.stripe_subscription_id))
        .customer as string;
      const bad = await s.tokenize("4000000000000341");
      await stripe().paymentMethods.attach(bad, { customer });
      await stripe().subscriptions.update(sub.json.data.stripe_subscription_id, {
        default_payment_method: bad,
      });

      const q = await subscribe(quotaAgent, {
        plan_id: 1,
        payment_method_id: await s.tokenize("4242424242424242"),
      });
      assert.equal(q.status, 201);
      quotaSub = q.json.data.subscription.id;
      const db = await getDb();
      const account = await mainAccount(quotaAgent);
      assert.equal(await db.transaction((tx) => consumePlanQuota(tx, account, 1500)), true);
      assert.equal(await db.transaction((tx) => consumePlanQuota(tx, account, 501)), false);
      // Concurrent consumes never take the counter over the limit.
      const results = await Promise.all(
        Array.from({ length: 20 }, () => db.transaction((tx) => consumePlanQuota(tx, account, 50))),
      );
      assert.equal(results.filter(Boolean).length, 10);
      assert.equal((await planQuotaStatus(db, account))?.used, 2000);
    });

    test("cancel at period end: stays active until then; after the clock passes it → canceled, no further charge", async () => {
      const scheduled = await act(cancelRoute, "POST", main, mainSub, "/cancel", {}, "cancel-1");
      assert.equal(scheduled.status, 200);
      assert.equal(scheduled.json.data.subscription.status, "active");
      assert.equal(scheduled.json.data.subscription.cancel_at_period_end, true);
      await assertReplay(scheduled, () => act(cancelRoute, "POST", main, mainSub, "/cancel", {}, "cancel-1"));
      const twice = await act(cancelRoute, "POST", main, mainSub, "/cancel", {});
      assert.equal(twice.status, 200);
      assert.match(twice.json.data.message, /Already/);
      const before = (await customerInvoices(mainSub)).length;

      await s.helper("/_emulator/clock/advance", { days: 32 });
      await s.emulator.webhooksIdle();

      const ended = await status(main, mainSub);
      assert.equal(ended.json.data.status, "canceled");
      assert.equal((await customerInvoices(mainSub)).length, before, "no renewal invoice");
      assert.equal(
        (await act(cancelRoute, "POST", main, mainSub, "/cancel", { immediately: true })).status,
        409,
      );
      assert.equal((await act(resumeRoute, "POST", main, mainSub, "/resume")).status, 409);
      assert.equal((await act(pauseRoute, "POST", main, mainSub, "/pause")).status, 409);
      assert.equal(await planQuotaStatus(await getDb(), await mainAccount(main)), null);
    });

    test("a renewal resets the period's quota", async () => {
      const row = (await status(quotaAgent, quotaSub)).json.data;
      assert.equal(row.status, "active");
      assert.equal(row.usage.api_calls_used, 0);
      assert.equal(row.usage.api_calls_remaining, 2000);
      const latest = await invoice(quotaAgent, row.latest_invoice_id);
      assert.equal(latest.json.data.billing_reason, "subscription_cycle");
      assert.equal(latest.json.data.status, "paid");
    });

    test("a renewal with a …0341 card → past_due and one email to the owner; fix-payment repairs it", async () => {
      const st = await status(renewalAgent, renewalSub);
      assert.equal(st.json.data.status, "past_due");
      const db = await getDb();
      const mails = () =>
        db
          .select()
          .from(outboxEmails)
          .where(
            and(
              eq(outboxEmails.toAddress, renewalAgent.email),
              eq(outboxEmails.template, "subscription-payment-failed"),
            ),
          );
      assert.equal((await mails()).length, 1);
      assert.match((await mails())[0]?.text ?? "", /fix-payment/);
      // Stripe retries in 3 days and fails again: still one email for this invoice.
      await s.helper("/_emulator/clock/advance", { days: 3 });
      await s.emulator.webhooksIdle();
      assert.equal((await mails()).length, 1);
      assert.equal(
        await planQuotaStatus(db, await mainAccount(renewalAgent)),
        null,
        "past_due falls back to the wallet",
      );

      const declined = await act(fixRoute, "POST", renewalAgent, renewalSub, "/fix-payment", {});
      assert.equal(declined.status, 402);
      assert.equal(declined.json.error.details.subscription_id, renewalSub);
      const wrong = await act(fixRoute, "POST", renewalAgent, renewalSub, "/fix-payment", {
        plan_category: "enterprise",
      });
      assert.equal(wrong.status, 422);
      const good = await s.tokenize("4242424242424242");
      const fixed = await act(
        fixRoute,
        "POST",
        renewalAgent,
        renewalSub,
        "/fix-payment",
        { payment_method_id: good },
        "fix-1",
      );
      assert.equal(fixed.status, 200, JSON.stringify(fixed.json));
      assert.equal(fixed.json.data.subscription.status, "active");
      assert.equal(fixed.json.data.subscription.default_payment_method, good);
      assert.equal(fixed.json.data.invoice.status, "paid");
      await assertReplay(fixed, () =>
        act(fixRoute, "POST", renewalAgent, renewalSub, "/fix-payment", { payment_method_id: good }, "fix-1"),
      );
      assert.equal((await act(fixRoute, "POST", renewalAgent, renewalSub, "/fix-payment", {})).status, 409);
    });

    test("cancel immediately → canceled now", async () => {
      const res = await act(
        cancelRoute,
        "POST",
        renewalAgent,
        renewalSub,
        "/cancel",
        { immediately: true },
        "cancel-now",
      );
      assert.equal(res.status, 200);
      assert.equal(res.json.data.subscription.status, "canceled");
      await assertReplay(res, () =>
        act(cancelRoute, "POST", renewalAgent, renewalSub, "/cancel", { immediately: true }, "cancel-now"),
      );
    });

    test("one account never sees another's subscriptions or invoices", async () => {
      for (const [route, method, suffix, body] of [
        [subscriptionRoute, "PUT", "", { new_plan_id: 11 }],
        [pauseRoute, "POST", "/pause", {}],
        [resumeRoute, "POST", "/resume", {}],
        [resetRoute, "POST", "/reset-cycle", {}],
        [cancelRoute, "POST", "/cancel", { immediately: true }],
        [fixRoute, "POST", "/fix-payment", {}],
      ] as const) {
        const res = await act(route as Route, method, stranger, quotaSub, suffix, body);
        assert.equal(res.status, 404, suffix);
        assert.equal(res.json.error.code, "not_found");
      }
      assert.equal((await status(stranger, quotaSub)).status, 404);
      assert.equal(
        (
          await call(subscriptionRoute.GET, `${base}/subscriptions/${quotaSub}`, {
            headers: stranger.auth,
            params: { id: String(quotaSub) },
          })
        ).status,
        404,
      );
      assert.deepEqual((await list(stranger)).json.data, []);
      assert.deepEqual((await invoices(stranger)).json.data, []);
      assert.equal((await invoice(stranger, mainFirstInvoice)).status, 404);
      assert.equal((await invoicePdf(stranger, mainFirstInvoice)).status, 404);
      assert.equal((await invoice(stranger, mainReceipt)).status, 404);
      assert.equal((await invoicePdf(stranger, mainReceipt)).status, 404);
      assert.equal((await receipt(`http://x/receipts/${mainReceipt}`, stranger.auth)).status, 404);
      const theirs = await invoices(quotaAgent);
      assert.ok(theirs.json.data.every((i: any) => i.id !== mainFirstInvoice && i.id !== mainReceipt));
    });
  });
}

async function mainAccount(agent: TestAgent): Promise<string> {
  const [row] = await (await getDb())
    .select({ accountId: memberships.accountId })
    .from(memberships)
    .where(eq(memberships.userId, agent.userId));
  return row!.accountId;
}
