import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { POST as webhook } from "@/app/api/stripe/webhook/route";
import { getDb } from "@/lib/db/client";
import { auditEvents } from "@/lib/db/schema/platform";
import { ledgerEntries } from "@/lib/db/schema/wallet";
import { env } from "@/lib/env";
import { settleFollowUps } from "@/lib/generation/follow-ups";
import { closeNotifier } from "@/lib/pubsub/notifier";
import { signWebhookPayload, stripe } from "@/lib/stripe/client";
import { availableDatabases } from "@/tests/helpers/database";
import { moneySuite } from "@/tests/helpers/money-suite";
import { balanceOf, entriesOf, fundWith, newOwner, walletOf } from "@/tests/helpers/wallet";
import { handleStripeEvent } from "../../../lib/stripe-events/inbox";
import { reconcile } from "../../../lib/stripe-events/reconcile";

for (const kind of availableDatabases()) {
  describe(`the reconciler and foreign objects on ${kind}`, () => {
    const suite = moneySuite(kind, {
      beforeTeardown: async () => {
        await settleFollowUps();
        await closeNotifier();
      },
    });
    const idle = () => suite.stripe().emulator.webhooksIdle();
    const dropWebhooks = async (...types: string[]) => {
      for (const type of types) {
        await suite.stripe().helper("/_emulator/faults", {
          target: "webhook",
          action: "drop",
          event_type: type,
          count: 1000,
        });
      }
    };
    const clearFaults = () => fetch(`${suite.stripe().url}/_emulator/faults`, { method: "DELETE" });

    test("REC-04: a refund and a dispute whose webhooks were all dropped are applied by the reconciler, once", async () => {
      const db = await getDb();
      await idle();
      await reconcile(db); // whatever earlier tests left
      const owner = await newOwner();
      const refunded = await fundWith(suite.stripe(), owner, "4242424242424242", 3000);
      const disputed = await fundWith(suite.stripe(), owner, "4242424242424242", 2000);
      await dropWebhooks("refund.*", "charge.refund*", "charge.dispute.*");
      const refund = await stripe().refunds.create({ payment_intent: refunded, amount: 1200 });
      const dispute = await suite.stripe().helper(`/_emulator/charges/${disputed}/dispute`, {});
      await idle();
      assert.equal(await balanceOf(owner), 5000, "no webhook got through");

      const first = await reconcile(db);
      assert.equal(first.clawedBack, 2);
      assert.equal(first.failed, 0);
      assert.deepEqual(
        (await entriesOf(owner, "refund", "dispute")).map((e) => [e.kind, e.externalId, e.amountMinor]),
        [
          ["refund", refund.id, -1200],
          ["dispute", dispute.id, -2000],
        ],
      );
      assert.equal((await walletOf(owner)).spendingSuspendedReason, "dispute_open");
      const second = await reconcile(db);
      assert.equal(second.clawedBack, 0);
      assert.equal(await balanceOf(owner), 1800);

      // The dispute is won; that news is lost too: the next run releases the hold.
      await suite.stripe().helper(`/_emulator/disputes/${dispute.id}/close`, { outcome: "won" });
      await idle();
      assert.equal(await balanceOf(owner), 1800);
      const third = await reconcile(db);
      assert.equal(third.clawedBack, 1);
      assert.equal(await balanceOf(owner), 3800);
      assert.equal((await walletOf(owner)).spendingSuspendedAt, null);
      await clearFaults();
    });

    test("REC-06: the reconciler and the webhook on the same refund and dispute at once → one movement each", async () => {
      const db = await getDb();
      const owner = await newOwner();
      const refunded = await fundWith(suite.stripe(), owner, "4242424242424242", 2600);
      const disputed = await fundWith(suite.stripe(), owner, "4242424242424242", 1400);
      await dropWebhooks("refund.*", "charge.refund*", "charge.dispute.*");
      const refund = await stripe().refunds.create({ payment_intent: refunded });
      const dispute = await suite.stripe().helper(`/_emulator/charges/${disputed}/dispute`, {});
      await idle();
      await clearFaults();
      const events = [];
      for await (const event of stripe().events.list({ limit: 100 })) {
        const id = (event.data.object as { id: string }).id;
        if (id === refund.id || id === dispute.id) events.push(event);
      }
      await Promise.all([
        reconcile(db),
        ...events.map((event) => handleStripeEvent(db, event)),
        reconcile(db),
        ...events.map((event) => handleStripeEvent(db, { ...event, id: `${event.id}_again` })),
      ]);
      const moved = (await entriesOf(owner, "refund", "dispute")).map((e) => `${e.kind} ${e.amountMinor}`);
      assert.deepEqual(moved.sort(), ["dispute -1400", "refund -2600"]);
      assert.equal(await balanceOf(owner), 0);
    });

    test("REC-05: more than a page of refunds in the window are all read", async () => {
      const db = await getDb();
      const owner = await newOwner();
      const pi = await fundWith(suite.stripe(), owner, "4242424242424242", 20_000);
      await dropWebhooks("refund.*", "charge.refund*");
      for (let i = 0; i < 105; i++) await stripe().refunds.create({ payment_intent: pi, amount: 100 });
      await idle();
      await clearFaults();
      const report = await reconcile(db);
      assert.equal(report.clawedBack, 105);
      assert.equal((await entriesOf(owner, "refund")).length, 105);
      assert.equal(await balanceOf(owner), 20_000 - 10_500);
    });

    test("a PaymentIntent or Checkout session naming no account of ours: 2xx, skipped, audited once; the reconciler carries on", async () => {
      const db = await getDb();
      const pm = () => suite.stripe().tokenize("4242424242424242");
      const pay = async (metadata: Record<string, string>) =>
        stripe().paymentIntents.create({
          amount: 1500,
          currency: "usd",
          payment_method: await pm(),
          confirm: true,
          automatic_payment_methods: { enabled: true, allow_redirects: "never" },
          metadata,
        });
      const deliveriesOf = async (objectId: string) => {
        const statuses: string[] = [];
        for await (const event of stripe().events.list({ limit: 100 })) {
          if ((event.data.object as { id: string }).id !== objectId) continue;
          const log = await suite.stripe().helper(`/_emulator/webhooks/deliveries?event=${event.id}`);
          statuses.push(...log.data.map((d: { status: string }) => d.status));
        }
        return statuses;
      };
      const audits = async (targetId: string) =>
        db
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.action, "stripe.object_not_ours"), eq(auditEvents.targetId, targetId)));

      // Another instance's account (a shared Stripe account), no account at all, and not even a uuid.
      const intents = [
        await pay({ onramp_account_id: randomUUID(), onramp_purpose: "fund" }),
        await pay({ onramp_purpose: "fund" }),
        await pay({ onramp_account_id: "acct_elsewhere", onramp_purpose: "auto_fund" }),
      ];
      const session = await stripe().checkout.sessions.create({
        mode: "payment",
        line_items: [
          {
            quantity: 1,
            price_data: { currency: "usd", unit_amount: 2000, product_data: { name: "Credit" } },
          },
        ],
        success_url: "https://elsewhere.example/done",
        metadata: { onramp_account_id: randomUUID(), onramp_purpose: "checkout_fund" },
      });
      await suite
        .stripe()
        .helper(`/_emulator/checkout/sessions/${session.id}/complete`, { card: "4242424242424242" });
      // Another application's own payment: no Onramp metadata at all, ignored without a trace.
      const foreign = await pay({ order: "42" });
      await idle();

      for (const intent of intents) {
        const statuses = await deliveriesOf(intent.id);
        assert.ok(
          statuses.length > 0 && statuses.every((s) => s === "succeeded"),
          `${intent.id}: ${statuses}`,
        );
        assert.equal((await audits(intent.id)).length, 1, intent.id);
      }
      assert.ok((await deliveriesOf(session.id)).every((s) => s === "succeeded"));
      assert.equal((await audits(session.id)).length, 1);
      assert.equal((await audits(foreign.id)).length, 0);

      const report = await reconcile(db);
      assert.equal(report.failed, 0);
      const again = await reconcile(db);
      assert.equal(again.failed, 0);
      for (const id of [...intents.map((i) => i.id), session.id]) assert.equal((await audits(id)).length, 1);
      const credited = await db
        .select()
        .from(ledgerEntries)
        .where(eq(ledgerEntries.externalId, intents[0]!.id));
      assert.equal(credited.length, 0);

      // A signed event for such an intent, delivered by hand: 2xx.
      const [event] = (
        await stripe().events.list({ type: "payment_intent.succeeded", limit: 100 })
      ).data.filter((e) => (e.data.object as { id: string }).id === intents[0]!.id);
      const payload = JSON.stringify({ ...event, id: `evt_${randomUUID().replaceAll("-", "")}` });
      const res = await webhook(
        new Request("http://127.0.0.1/api/stripe/webhook", {
          method: "POST",
          headers: { "stripe-signature": signWebhookPayload(payload, env().stripe.webhookSecret) },
          body: payload,
        }),
      );
      assert.equal(res.status, 200);
    });
  });
}
