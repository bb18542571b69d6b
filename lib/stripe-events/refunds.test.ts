import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createPaymentLink } from "@/lib/checkout/create-link";
import { getDb } from "@/lib/db/client";
import { settleFollowUps } from "@/lib/generation/follow-ups";
import { closeNotifier } from "@/lib/pubsub/notifier";
import { stripe } from "@/lib/stripe/client";
import { redeemCoupon } from "@/lib/wallet/coupons";
import { post } from "@/lib/wallet/ledger";
import { availableDatabases } from "@/tests/helpers/database";
import { text2img } from "@/tests/helpers/generation";
import { moneySuite } from "@/tests/helpers/money-suite";
import {
  balanceOf,
  clawbackRow,
  entriesOf,
  fundWith,
  newOwner,
  type Owner,
  redeliverAll,
  spend,
  walletOf,
} from "@/tests/helpers/wallet";
import { handleStripeEvent } from "./inbox";

process.env.RATE_LIMIT_BILLING_PER_MINUTE = "100000";
process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "100000";

for (const kind of availableDatabases()) {
  describe(`refunds on ${kind}`, () => {
    const suite = moneySuite(kind, {
      beforeTeardown: async () => {
        await settleFollowUps();
        await closeNotifier();
      },
    });
    const idle = () => suite.stripe().emulator.webhooksIdle();
    /** A refund made at Stripe, as an operator would in the Dashboard. */
    const refund = async (paymentIntent: string, amount?: number) => {
      const made = await stripe().refunds.create({
        payment_intent: paymentIntent,
        ...(amount ? { amount } : {}),
      });
      await idle();
      return made;
    };
    const trigger = async (refundId: string, action: "succeed" | "fail") => {
      const moved = await suite.stripe().helper(`/_emulator/refunds/${refundId}/${action}`, {});
      assert.equal(moved.id, refundId, JSON.stringify(moved));
      await idle();
    };
    const reversals = async (owner: Owner) =>
      (await entriesOf(owner, "refund", "refund_failed")).map((e) => [e.kind, e.externalId, e.amountMinor]);
    const buyWithBonus = async (owner: Owner, purchaseMinor: number) => {
      const redeemed = await redeemCoupon(await getDb(), {
        accountId: owner.accountId,
        userId: owner.agent.userId,
        code: "BONUS20",
        purchaseMinor,
        paymentMethodId: await suite.stripe().tokenize("4242424242424242"),
        idempotencyRecordId: null,
      });
      assert.ok(redeemed.kind === "redeemed" && redeemed.purchase);
      await idle();
      return redeemed.purchase.paymentIntentId;
    };

    test("a full refund: exactly one reversal, however often its events are delivered", async () => {
      const owner = await newOwner();
      const pi = await fundWith(suite.stripe(), owner, "4242424242424242", 2500);
      const made = await refund(pi);
      assert.deepEqual(await reversals(owner), [["refund", made.id, -2500]]);
      assert.equal(await balanceOf(owner), 0);
      assert.ok((await redeliverAll(suite.stripe(), [made.id, String(made.charge)], 3)) >= 2);
      assert.deepEqual(await reversals(owner), [["refund", made.id, -2500]]);
      assert.equal((await walletOf(owner)).spendingSuspendedAt, null);
    });

    test("partial refunds: one reversal each, with the bonus taken back in proportion and never beyond it", async () => {
      const owner = await newOwner();
      // $33.33 with BONUS20 earns a $6.66 bonus; the shares below are rounded down…
      const pi = await buyWithBonus(owner, 3333);
      assert.equal(await balanceOf(owner), 3999);
      const first = await refund(pi, 1000);
      const second = await refund(pi, 1000);
      assert.deepEqual(await reversals(owner), [
        ["refund", first.id, -1199],
        ["refund", second.id, -1199],
      ]);
      // …and the refund that completes the purchase takes exactly what is left of the bonus.
      const last = await refund(pi, 1333);
      assert.deepEqual((await reversals(owner))[2], ["refund", last.id, -(1333 + 666 - 199 - 199)]);
      assert.equal(await balanceOf(owner), 0);
      const shares = await Promise.all([first, second, last].map((r) => clawbackRow(r.id)));
      assert.deepEqual(
        shares.map((row) => row?.bonusMinor),
        [199, 199, 268],
      );
    });

    test("a refund pending when its webhooks arrive (…7726) is reversed once it succeeds, not before", async () => {
      const owner = await newOwner();
      const pi = await fundWith(suite.stripe(), owner, "4000000000007726", 4000);
      const made = await refund(pi, 1500);
      assert.equal(made.status, "pending");
      assert.deepEqual(await reversals(owner), []);
      assert.equal(await balanceOf(owner), 4000);
      assert.equal((await clawbackRow(made.id))?.state, "pending");
      await trigger(made.id, "succeed");
      assert.deepEqual(await reversals(owner), [["refund", made.id, -1500]]);
      await redeliverAll(suite.stripe(), [made.id], 2);
      assert.deepEqual(await reversals(owner), [["refund", made.id, -1500]]);
    });

    test("a refund that fails after it was reversed (…5126) is credited back once", async () => {
      const owner = await newOwner();
      const pi = await fundWith(suite.stripe(), owner, "4000000000005126", 2000);
      const made = await refund(pi);
      assert.deepEqual(await reversals(owner), [["refund", made.id, -2000]]);
      // The card network reports the failure later (the emulator's clock would get there too).
      await trigger(made.id, "fail");
      assert.equal((await stripe().refunds.retrieve(made.id)).status, "failed");
      assert.deepEqual(await reversals(owner), [
        ["refund", made.id, -2000],
        ["refund_failed", `${made.id}:1`, 2000],
      ]);
      assert.equal(await balanceOf(owner), 2000);
      await redeliverAll(suite.stripe(), [made.id, String(made.charge)], 2);
      assert.equal((await reversals(owner)).length, 2);
    });

    test("reordered webhooks: the newest event first, then the older ones, twice each → one reversal", async () => {
      const owner = await newOwner();
      const pi = await fundWith(suite.stripe(), owner, "4000000000007726", 3000);
      for (const type of ["refund.*", "charge.refund*"]) {
        await suite.stripe().helper("/_emulator/faults", {
          target: "webhook",
          action: "drop",
          event_type: type,
          count: 100,
        });
      }
      const made = await refund(pi);
      await trigger(made.id, "succeed");
      await fetch(`${suite.stripe().url}/_emulator/faults`, { method: "DELETE" });
      assert.deepEqual(await reversals(owner), [], "nothing was heard");
      const events = [];
      for await (const event of stripe().events.list({ limit: 100 })) {
        const id = (event.data.object as { id: string }).id;
        // Newest first.
        if ((id === made.id || id === made.charge) && event.type.includes("refund")) events.push(event);
      }
      assert.deepEqual(
        events.map((e) => e.type),
        ["charge.refund.updated", "refund.updated", "charge.refunded", "refund.created"],
      );
      const db = await getDb();
      for (const event of [...events, ...events]) await handleStripeEvent(db, event);
      assert.deepEqual(await reversals(owner), [["refund", made.id, -3000]]);
    });

    test("a refund larger than the balance: what the wallet holds is taken, the rest is owed and collected", async () => {
      const owner = await newOwner();
      const pi = await fundWith(suite.stripe(), owner, "4242424242424242", 3000);
      await spend(owner, 2000);
      const made = await refund(pi);
      assert.equal(await balanceOf(owner), 0);
      assert.deepEqual(await reversals(owner), [["refund", made.id, -1000]]);
      const wallet = await walletOf(owner);
      assert.equal(wallet.spendingSuspendedReason, "unpaid_clawback");
      const refused = await text2img({
        key: owner.agent.apiKey,
        model_id: "flux",
        prompt: "a boat",
        width: 512,
        height: 512,
      });
      assert.equal(refused.status, 403);
      assert.equal(refused.json.code, "account_suspended");
      await fundWith(suite.stripe(), owner, "4242424242424242", 2500);
      assert.equal(await balanceOf(owner), 500);
      assert.deepEqual(await reversals(owner), [
        ["refund", made.id, -1000],
        ["refund", `${made.id}:1`, -2000],
      ]);
      assert.equal((await walletOf(owner)).spendingSuspendedAt, null);
    });

    test("a refund an earlier version already reversed (by refund id, no clawback record) is not reversed again", async () => {
      const owner = await newOwner();
      const pi = await fundWith(suite.stripe(), owner, "4242424242424242", 2200);
      for (const type of ["refund.*", "charge.refund*"]) {
        await suite.stripe().helper("/_emulator/faults", {
          target: "webhook",
          action: "drop",
          event_type: type,
          count: 100,
        });
      }
      const made = await refund(pi);
      await fetch(`${suite.stripe().url}/_emulator/faults`, { method: "DELETE" });
      // What lib/stripe-events/refunds.ts posted before refunds were tracked as clawbacks.
      await post(await getDb(), {
        accountId: owner.accountId,
        amountMinor: -2200,
        kind: "refund",
        source: "stripe",
        externalId: made.id,
        description: `Refund of ${pi}`,
        actor: { userId: null, kind: "system" },
        metadata: { payment_intent_id: pi, charge_id: made.charge },
      });
      await redeliverAll(suite.stripe(), [made.id, String(made.charge)]);
      assert.deepEqual(await reversals(owner), [["refund", made.id, -2200]]);
      assert.deepEqual([(await clawbackRow(made.id))?.takenMinor, await balanceOf(owner)], [2200, 0]);
    });

    test("a Checkout-funded payment refunded before its own webhook was heard: credited first, then reversed", async () => {
      const owner = await newOwner();
      const db = await getDb();
      const link = await createPaymentLink(db, {
        accountId: owner.accountId,
        userId: owner.agent.userId,
        request: { purpose: "fund", amountMinor: 1800 },
        idempotencyRecordId: null,
      });
      await suite.stripe().helper("/_emulator/faults", {
        target: "webhook",
        action: "drop",
        event_type: "*",
        count: 1000,
      });
      await suite.stripe().helper(`/_emulator/checkout/sessions/${link.sessionId}/complete`, {
        card: "4242424242424242",
      });
      const session = await stripe().checkout.sessions.retrieve(link.sessionId);
      const made = await stripe().refunds.create({ payment_intent: String(session.payment_intent) });
      await idle();
      await fetch(`${suite.stripe().url}/_emulator/faults`, { method: "DELETE" });
      assert.equal((await entriesOf(owner)).length, 0, "nothing heard yet");
      await redeliverAll(suite.stripe(), [made.id]);
      assert.deepEqual(
        (await entriesOf(owner)).map((e) => [e.kind, e.amountMinor]),
        [
          ["checkout_fund", 1800],
          ["refund", -1800],
        ],
      );
    });
  });
}
