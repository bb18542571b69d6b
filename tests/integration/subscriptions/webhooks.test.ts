import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { POST as webhook } from "@/app/api/stripe/webhook/route";
import { getDb } from "@/lib/db/client";
import { memberships } from "@/lib/db/schema/accounts";
import { subscriptions } from "@/lib/db/schema/subscriptions";
import { env, resetEnvCache } from "@/lib/env";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { type Stripe, signWebhookPayload, stripe } from "@/lib/stripe/client";
import { onboardAgent, type TestAgent } from "@/tests/helpers/agent";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { type TestStripe, useEmulator } from "@/tests/helpers/stripe";
import { startSubscriptionCheckout } from "../../../lib/subscriptions/checkout";
import { refreshLapsedSubscriptions } from "../../../lib/subscriptions/housekeeping";
import { priceForPlan } from "../../../lib/subscriptions/plan-prices";
import { findPlan } from "../../../lib/subscriptions/plans";
import { syncSubscription } from "../../../lib/subscriptions/sync";

const deliver = async (event: Stripe.Event) => {
  const payload = JSON.stringify(event);
  const response = await webhook(
    new Request("http://127.0.0.1/api/stripe/webhook", {
      method: "POST",
      headers: { "stripe-signature": signWebhookPayload(payload, env().stripe.webhookSecret) },
      body: payload,
    }),
  );
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()).data as { duplicate: boolean };
};

async function eventsAbout(subscriptionId: string): Promise<Stripe.Event[]> {
  const out: Stripe.Event[] = [];
  for await (const event of stripe().events.list({ limit: 100 })) {
    const object = event.data.object as { id?: string; object?: string; parent?: Stripe.Invoice["parent"] };
    const invoiceSub = object.object === "invoice" ? object.parent?.subscription_details?.subscription : null;
    if (object.id === subscriptionId || invoiceSub === subscriptionId) out.push(event);
  }
  return out;
}

for (const kind of availableDatabases()) {
  describe(`subscription webhooks on ${kind}: duplicates and any order end in Stripe's state`, () => {
    let cleanup: () => Promise<void>;
    let s: TestStripe;
    let agent: TestAgent;
    let accountId: string;

    before(async () => {
      resetEnvCache();
      resetRateLimiters();
      cleanup = await useFreshDatabase(kind);
      // No delivery: the test plays the events itself, in the order it wants.
      s = await useEmulator();
      agent = await onboardAgent();
      const [m] = await (await getDb())
        .select()
        .from(memberships)
        .where(eq(memberships.userId, agent.userId));
      accountId = m?.accountId ?? "";
    });
    after(async () => {
      await s.close();
      await cleanup();
    });

    test("a Checkout subscription changed, renewed and set to cancel: events reversed, doubled and concurrent", async () => {
      const db = await getDb();
      const { session } = await startSubscriptionCheckout(db, {
        accountId,
        userId: agent.userId,
        planId: 1,
        idempotencyRecordId: null,
        successUrl: "http://127.0.0.1:3999/checkout/success?session_id={CHECKOUT_SESSION_ID}",
        cancelUrl: "http://127.0.0.1:3999/checkout/cancel",
      });
      await s.helper(`/_emulator/checkout/sessions/${session.id}/complete`, { card: "4242424242424242" });
      const subId = (await stripe().checkout.sessions.retrieve(session.id)).subscription as string;
      assert.match(subId, /^sub_/);
      // Changes made at Stripe (the dashboard, another door): a new plan, a scheduled cancellation, a renewal.
      const sub = await stripe().subscriptions.retrieve(subId);
      const plan2 = findPlan(2);
      assert.ok(plan2);
      await stripe().subscriptions.update(subId, {
        items: [{ id: sub.items.data[0]?.id ?? "", price: await priceForPlan(plan2) }],
        proration_behavior: "none",
      });
      // Stripe lists 30 days of events: read them before the clock moves, and again after.
      const early = await eventsAbout(subId);
      await s.helper("/_emulator/clock/advance", { days: 32 });
      await stripe().subscriptions.update(subId, { cancel_at_period_end: true });

      const seen = new Set(early.map((e) => e.id));
      const events = [...(await eventsAbout(subId)).filter((e) => !seen.has(e.id)), ...early];
      const types = new Set<string>(events.map((e) => e.type));
      assert.ok(
        events.some(
          (e) =>
            e.type === "invoice.paid" &&
            (e.data.object as Stripe.Invoice).billing_reason === "subscription_cycle",
        ),
      );
      for (const t of ["customer.subscription.created", "customer.subscription.updated", "invoice.paid"])
        assert.ok(types.has(t), t);
      assert.equal(
        (await db.select().from(subscriptions).where(eq(subscriptions.stripeSubscriptionId, subId))).length,
        0,
      );

      // invoice.paid before customer.subscription.created: the row is made from the subscription anyway.
      const paid = events.filter((e) => e.type === "invoice.paid");
      for (const e of paid) await deliver(e);
      const [first] = await db
        .select()
        .from(subscriptions)
        .where(eq(subscriptions.stripeSubscriptionId, subId));
      assert.equal(first?.accountId, accountId);

      const reversed = [...events].reverse();
      for (const e of reversed) await deliver(e);
      for (const e of reversed) assert.equal((await deliver(e)).duplicate, true);
      await Promise.all([...events, ...events].map(deliver));

      const remote = await stripe().subscriptions.retrieve(subId);
      const item = remote.items.data[0];
      const rows = await db.select().from(subscriptions).where(eq(subscriptions.stripeSubscriptionId, subId));
      assert.equal(rows.length, 1);
      const row = rows[0];
      assert.equal(row?.status, remote.status);
      assert.equal(row?.status, "active");
      assert.equal(row?.planId, 2);
      assert.equal(row?.quotaLimit, plan2.apiCallLimit);
      assert.equal(row?.cancelAtPeriodEnd, true);
      assert.equal(row?.currentPeriodStart.getTime(), (item?.current_period_start ?? 0) * 1000);
      assert.equal(row?.currentPeriodEnd.getTime(), (item?.current_period_end ?? 0) * 1000);
      assert.equal(row?.latestInvoiceId, remote.latest_invoice);
    });

    test("an older read that lands after a newer one is dropped", async () => {
      const db = await getDb();
      const [row] = await db.select().from(subscriptions).where(eq(subscriptions.accountId, accountId));
      assert.ok(row);
      const current = await stripe().subscriptions.retrieve(row.stripeSubscriptionId);
      const stale: Stripe.Subscription = { ...current, status: "past_due", cancel_at_period_end: false };
      const newer = new Date(row.syncedAt.getTime() + 1000);
      await syncSubscription(db, current, { readAt: newer });
      const kept = await syncSubscription(db, stale, { readAt: new Date(newer.getTime() - 500) });
      assert.equal(kept?.status, "active");
      assert.equal(kept?.cancelAtPeriodEnd, true);
    });

    test("lost webhooks: a lapsed period is re-read from Stripe by the housekeeping run", async () => {
      const db = await getDb();
      const [row] = await db.select().from(subscriptions).where(eq(subscriptions.accountId, accountId));
      assert.ok(row);
      // As if the renewal's events never came: an old period, and quota used in it.
      await db
        .update(subscriptions)
        .set({
          currentPeriodStart: new Date(row.currentPeriodStart.getTime() - 40 * 86_400_000),
          currentPeriodEnd: new Date(row.currentPeriodStart.getTime() - 10 * 86_400_000),
          quotaPeriodStart: new Date(row.currentPeriodStart.getTime() - 40 * 86_400_000),
          quotaUsed: 42,
          syncedAt: new Date(0),
        })
        .where(eq(subscriptions.id, row.id));
      assert.equal(await refreshLapsedSubscriptions(db, new Date(row.currentPeriodStart.getTime())), 1);
      const [fresh] = await db.select().from(subscriptions).where(eq(subscriptions.id, row.id));
      assert.equal(fresh?.currentPeriodEnd.getTime(), row.currentPeriodEnd.getTime());
      assert.equal(fresh?.quotaUsed, 0);
    });

    test("a subscription that is not an Onramp plan is acknowledged and not mirrored", async () => {
      const price = await stripe().prices.create({
        currency: "usd",
        unit_amount: 500,
        recurring: { interval: "month" },
        product_data: { name: "Something else" },
      });
      const customer = await stripe().customers.create({ email: "other@example.com" });
      const foreign = await stripe().subscriptions.create({
        customer: customer.id,
        items: [{ price: price.id }],
        payment_behavior: "default_incomplete",
      });
      for (const e of await eventsAbout(foreign.id)) await deliver(e);
      const rows = await (await getDb())
        .select()
        .from(subscriptions)
        .where(eq(subscriptions.stripeSubscriptionId, foreign.id));
      assert.equal(rows.length, 0);
    });
  });
}
