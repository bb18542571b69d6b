import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import * as linkStatusRoute from "@/app/api/agents/v1/billing/payment-link/[sessionId]/route";
import * as linkRoute from "@/app/api/agents/v1/billing/payment-link/route";
import * as subscriptionConfirmRoute from "@/app/api/agents/v1/subscriptions/confirm-checkout/route";
import * as subscriptionsRoute from "@/app/api/agents/v1/subscriptions/route";
import * as balanceRoute from "@/app/api/agents/v1/wallet/balance/route";
import * as confirmRoute from "@/app/api/agents/v1/wallet/confirm-checkout/route";
import { getDb } from "@/lib/db/client";
import { ledgerEntries } from "@/lib/db/schema/wallet";
import { closeNotifier } from "@/lib/pubsub/notifier";
import { onboardAgent, type TestAgent } from "@/tests/helpers/agent";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { call } from "@/tests/helpers/http";
import { assertLedgerInvariants } from "@/tests/helpers/ledger";
import { type TestStripe, useEmulator } from "@/tests/helpers/stripe";
import { cancelLink } from "../../../lib/checkout/links";
import { viewCheckoutSession } from "../../../lib/checkout/view-session";

process.env.RATE_LIMIT_BILLING_PER_MINUTE = "100000";
process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "100000";

for (const kind of availableDatabases()) {
  describe(`payment links and the hand-off on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    let stripe: TestStripe;
    let agent: TestAgent;

    const createLink = async (a: TestAgent, body: unknown = { purpose: "fund", amount: 25 }) =>
      call(linkRoute.POST, "/api/agents/v1/billing/payment-link", { method: "POST", body, headers: a.auth });
    const status = (a: TestAgent, sessionId: string, query = "", headers: Record<string, string> = {}) =>
      call(linkStatusRoute.GET, `/api/agents/v1/billing/payment-link/${sessionId}${query}`, {
        headers: { ...a.auth, ...headers },
        params: { sessionId },
      });
    const confirm = (a: TestAgent, sessionId: string) =>
      call(confirmRoute.POST, "/api/agents/v1/wallet/confirm-checkout", {
        method: "POST",
        body: { session_id: sessionId },
        headers: a.auth,
      });
    const payAsHuman = (sessionId: string, card = "4242424242424242") =>
      stripe.helper(`/_emulator/checkout/sessions/${sessionId}/complete`, { card });
    const balanceOf = async (a: TestAgent) =>
      (await call(balanceRoute.GET, "/api/agents/v1/wallet/balance", { headers: a.auth })).json.data.balance;
    const creditsFor = async (sessionId: string) =>
      (await getDb())
        .select()
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.externalId, sessionId), eq(ledgerEntries.kind, "checkout_fund")));

    before(async () => {
      cleanup = await useFreshDatabase(kind);
      stripe = await useEmulator({ deliverWebhooks: true });
      agent = await onboardAgent();
    });
    after(async () => {
      await stripe.emulator.webhooksIdle();
      await assertLedgerInvariants(await getDb());
      await closeNotifier();
      await stripe.close();
      await cleanup();
    });

    test("create: the documented fields, a hosted page, success/cancel URLs back to Onramp", async () => {
      const res = await createLink(agent);
      assert.equal(res.status, 201);
      const link = res.json.data;
      assert.match(link.session_id, /^cs_test_/);
      assert.equal(link.purpose, "fund");
      assert.equal(link.amount, 25);
      assert.equal(link.status, "open");
      assert.ok(link.payment_url.startsWith(stripe.url));
      assert.ok(link.status_url.endsWith(`/api/agents/v1/billing/payment-link/${link.session_id}`));
      const minutes = (Date.parse(link.expires_at) - Date.now()) / 60_000;
      assert.ok(minutes > 30 && minutes <= 30.6, `expires in ${minutes} min`);
      assert.match(link.instructions, /payment_url/);
      const page = await fetch(link.payment_url);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /Pay/);
      for (const bad of [
        { purpose: "fund", amount: 5 },
        { purpose: "fund" },
        { purpose: "donate", amount: 25 },
        { purpose: "subscribe" },
      ]) {
        assert.equal((await createLink(agent, bad)).status, 422, JSON.stringify(bad));
      }
    });

    test("a waiting agent wakes with fulfilled as soon as the human pays; confirm then says already_confirmed", async () => {
      const start = await balanceOf(agent);
      const { session_id } = (await createLink(agent)).json.data;
      const began = Date.now();
      const waiting = status(agent, session_id, "?wait=30");
      await new Promise((r) => setTimeout(r, 300));
      const paidAt = Date.now();
      await payAsHuman(session_id);
      const answer = await waiting;
      const latency = Date.now() - paidAt;
      assert.equal(answer.status, 200);
      assert.equal(answer.json.data.status, "fulfilled");
      assert.ok(latency < 2_000, `woke ${latency} ms after payment`);
      assert.ok(Date.now() - began < 10_000);
      const confirmed = await confirm(agent, session_id);
      assert.equal(confirmed.status, 200);
      assert.equal(confirmed.json.data.already_confirmed, true);
      assert.equal(await balanceOf(agent), start + 25);
      assert.equal((await creditsFor(session_id)).length, 1);
    });

    test("success page, webhook and confirm racing (10 rounds) → one credit each", async () => {
      for (let round = 0; round < 10; round++) {
        const link = await createLink(agent, { purpose: "fund", amount: 10 });
        assert.equal(link.status, 201, JSON.stringify(link.json));
        const { session_id } = link.json.data;
        await payAsHuman(session_id);
        const db = await getDb();
        const results = await Promise.all([
          viewCheckoutSession(db, session_id),
          confirm(agent, session_id),
          viewCheckoutSession(db, session_id),
          confirm(agent, session_id),
        ]);
        assert.equal(results[1].status, 200);
        await stripe.emulator.webhooksIdle();
        assert.equal((await creditsFor(session_id)).length, 1, `round ${round}`);
      }
    });

    test("a slow request still meets Stripe's 30-minute minimum for expires_at", async () => {
      await stripe.helper("/_emulator/faults", {
        path: "/v1/checkout/sessions",
        method: "POST",
        action: "latency",
        ms: 1500,
        count: 2,
      });
      const fund = await createLink(agent, { purpose: "fund", amount: 10 });
      assert.equal(fund.status, 201, JSON.stringify(fund.json));
      const subscribe = await createLink(agent, { purpose: "subscribe", plan_id: 1 });
      assert.equal(subscribe.status, 201, JSON.stringify(subscribe.json));
    });

    test("unpaid → 409 checkout_not_paid (not stored); another account → 404", async () => {
      const { session_id } = (await createLink(agent)).json.data;
      const res = await confirm(agent, session_id);
      assert.equal(res.status, 409);
      assert.equal(res.json.error.code, "checkout_not_paid");
      const other = await onboardAgent();
      assert.equal((await confirm(other, session_id)).status, 404);
      assert.equal((await status(other, session_id)).status, 404);
      assert.equal((await status(agent, "cs_test_unknown")).status, 404);
      // The same Idempotency-Key after payment is a fresh look, not a replayed 409.
      const key = { ...agent.auth, "idempotency-key": `confirm-${session_id}` };
      const early = await call(confirmRoute.POST, "/api/agents/v1/wallet/confirm-checkout", {
        method: "POST",
        body: { session_id },
        headers: key,
      });
      assert.equal(early.status, 409);
      await payAsHuman(session_id);
      const later = await call(confirmRoute.POST, "/api/agents/v1/wallet/confirm-checkout", {
        method: "POST",
        body: { session_id },
        headers: key,
      });
      assert.equal(later.status, 200);
    });

    test("a subscribe link: the waiter wakes fulfilled, the plan is active, the success page names it", async () => {
      const subscriber = await onboardAgent();
      const created = await createLink(subscriber, { purpose: "subscribe", plan_id: 10 });
      assert.equal(created.status, 201, JSON.stringify(created.json));
      const { session_id, plan_id } = created.json.data;
      assert.equal(plan_id, 10);
      const waiting = status(subscriber, session_id, "?wait=30");
      await new Promise((r) => setTimeout(r, 200));
      await payAsHuman(session_id);
      assert.equal((await waiting).json.data.status, "fulfilled");
      const view = await viewCheckoutSession(await getDb(), session_id);
      assert.equal(view.kind, "paid");
      if (view.kind === "paid") {
        assert.equal(view.purpose, "subscribe");
        assert.equal(view.balanceMinor, null);
        assert.ok(view.planName);
      }
      const list = await call(subscriptionsRoute.GET, "/api/agents/v1/subscriptions", {
        headers: subscriber.auth,
      });
      assert.ok(JSON.stringify(list.json.data).includes('"active"'), JSON.stringify(list.json.data));
      const confirmed = await call(
        subscriptionConfirmRoute.POST,
        "/api/agents/v1/subscriptions/confirm-checkout",
        {
          method: "POST",
          body: { session_id },
          headers: subscriber.auth,
        },
      );
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.json));
      // A funding confirm on a subscription session says where to go instead.
      assert.equal((await confirm(subscriber, session_id)).status, 409);
    });

    test("the human cancels → canceled, the waiter wakes, confirm → 410", async () => {
      const { session_id } = (await createLink(agent)).json.data;
      const waiting = status(agent, session_id, "?wait=20");
      await new Promise((r) => setTimeout(r, 200));
      await cancelLink(await getDb(), session_id);
      assert.equal((await waiting).json.data.status, "canceled");
      const res = await confirm(agent, session_id);
      assert.equal(res.status, 410);
      assert.equal(res.json.error.code, "checkout_expired");
    });

    test("Server-Sent Events: the current status, then the change, then end", async () => {
      const { session_id } = (await createLink(agent)).json.data;
      const streaming = status(agent, session_id, "?wait=20", { accept: "text/event-stream" });
      await new Promise((r) => setTimeout(r, 300));
      await payAsHuman(session_id);
      const res = await streaming;
      assert.equal(res.headers.get("content-type"), "text/event-stream");
      const events = String(res.json)
        .split("\n\n")
        .filter((b) => b.startsWith("event:"))
        .map((b) => ({
          event: /event: (\w+)/.exec(b)?.[1],
          data: JSON.parse(/data: (.*)/.exec(b)?.[1] ?? "{}"),
        }));
      assert.equal(events[0]?.event, "status");
      assert.equal(events[0]?.data.status, "open");
      assert.equal(events.at(-2)?.data.status, "fulfilled");
      assert.deepEqual(events.at(-1), { event: "end", data: { status: "fulfilled" } });
    });
    // Last: it moves the emulator's clock past every later session's expiry.
    test("expiry through the emulator clock → expired at Stripe and locally; confirm → 410", async () => {
      const { session_id } = (await createLink(agent)).json.data;
      await stripe.helper("/_emulator/clock/advance", { seconds: 31 * 60 });
      const res = await status(agent, session_id);
      // The link's own deadline is wall-clock; Stripe's session is past expiry on the emulator's clock.
      assert.ok(["expired", "open"].includes(res.json.data.status));
      await stripe.emulator.webhooksIdle();
      const after = await status(agent, session_id);
      assert.equal(after.json.data.status, "expired");
      assert.equal((await confirm(agent, session_id)).status, 410);
    });
  });
}
