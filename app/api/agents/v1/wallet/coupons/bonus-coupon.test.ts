import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import * as paymentStatusRoute from "@/app/api/agents/v1/payments/[id]/status/route";
import * as balanceRoute from "@/app/api/agents/v1/wallet/balance/route";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema/accounts";
import { couponRedemptions, coupons, ledgerEntries } from "@/lib/db/schema/wallet";
import type { PaymentIntent } from "@/lib/stripe/payments";
import { releaseCoupon, reserveCoupon, settleCouponOf } from "@/lib/wallet/coupon-bonus";
import { onboardAgent, type TestAgent } from "@/tests/helpers/agent";
import { availableDatabases } from "@/tests/helpers/database";
import { call } from "@/tests/helpers/http";
import { moneySuite } from "@/tests/helpers/money-suite";
import * as redeemRoute from "./redeem/route";
import * as validateRoute from "./validate/route";

process.env.RATE_LIMIT_BILLING_PER_MINUTE = "100000";
process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "100000";

// BONUS20 (seeded): 20% extra credit on a purchase of $25 or more, once per account.
for (const kind of availableDatabases()) {
  describe(`bonus coupons with 3-D Secure and declines on ${kind}`, () => {
    const suite = moneySuite(kind);

    const redeem = async (agent: TestAgent, card: string, purchase = 50) =>
      call(redeemRoute.POST, "/api/agents/v1/wallet/coupons/redeem", {
        method: "POST",
        headers: agent.auth,
        body: {
          coupon_code: "BONUS20",
          purchase_amount: purchase,
          payment_method_id: await suite.stripe().tokenize(card),
        },
      });
    const balanceOf = async (agent: TestAgent) =>
      (await call(balanceRoute.GET, "/api/agents/v1/wallet/balance", { headers: agent.auth })).json.data
        .balance;
    const validate = async (agent: TestAgent) =>
      (
        await call(
          validateRoute.GET,
          "/api/agents/v1/wallet/coupons/validate?coupon_code=BONUS20&purchase_amount=50",
          { headers: agent.auth },
        )
      ).json.data;
    const waitForPayment = async (agent: TestAgent, id: string) =>
      (
        await call(paymentStatusRoute.GET, `/api/agents/v1/payments/${id}/status?wait=10`, {
          headers: agent.auth,
          params: { id },
        })
      ).json.data;
    const couponEntries = async (agent: TestAgent) => {
      const db = await getDb();
      const [user] = await db.select().from(users).where(eq(users.id, agent.userId));
      return db
        .select()
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.accountId, user!.personalAccountId), eq(ledgerEntries.kind, "coupon")));
    };
    const redemptionCount = async () =>
      (await (await getDb()).select().from(coupons).where(eq(coupons.code, "BONUS20")))[0]!.redemptionCount;

    test("3-D Secure: 202 with the page for a human; once authenticated, the purchase and the bonus land, once", async () => {
      const agent = await onboardAgent();
      const pending = await redeem(agent, "4000002500003155");
      assert.equal(pending.status, 202, JSON.stringify(pending.json));
      const { payment, coupon, message } = pending.json.data;
      assert.equal(payment.status, "requires_action");
      assert.match(payment.next_action_url, /\/pay\/authenticate\/pi_/);
      assert.deepEqual(coupon, {
        coupon_code: "BONUS20",
        type: "bonus",
        status: "pending",
        credit_amount: 10,
      });
      assert.match(message, /bonus \(\$10\) is credited when the payment succeeds/);
      assert.equal(await balanceOf(agent), 0);
      const meanwhile = await validate(agent);
      assert.equal(meanwhile.valid, false);
      assert.match(meanwhile.reason, /waiting for authentication/);

      await suite.stripe().helper(`/_emulator/payment_intents/${payment.payment_intent_id}/authenticate`, {
        result: "succeed",
      });
      assert.equal((await waitForPayment(agent, payment.payment_intent_id)).status, "succeeded");
      await suite.stripe().emulator.webhooksIdle();
      assert.equal(await balanceOf(agent), 60);
      assert.equal((await couponEntries(agent)).length, 1);
      const again = await redeem(agent, "4242424242424242");
      assert.equal(again.status, 422);
      assert.match(again.json.error.message, /already redeemed/);
      assert.equal(await balanceOf(agent), 60);
    });

    test("a failed challenge gives the coupon back; the next purchase gets the bonus", async () => {
      const agent = await onboardAgent();
      const before = await redemptionCount();
      const pending = await redeem(agent, "4000002500003155");
      assert.equal(pending.status, 202);
      assert.equal(await redemptionCount(), before + 1, "held while the payment is pending");
      const pi = pending.json.data.payment.payment_intent_id;
      await suite.stripe().helper(`/_emulator/payment_intents/${pi}/authenticate`, { result: "fail" });
      assert.equal((await waitForPayment(agent, pi)).status, "failed");
      await suite.stripe().emulator.webhooksIdle();
      assert.equal(await redemptionCount(), before);
      assert.equal((await validate(agent)).valid, true);
      const paid = await redeem(agent, "4242424242424242");
      assert.equal(paid.status, 200, JSON.stringify(paid.json));
      assert.equal(paid.json.data.credit_amount, 10);
      assert.equal(paid.json.data.balance, 60);
      assert.equal(await balanceOf(agent), 60);
    });

    test("a declined card: 402, nothing credited, the coupon still available", async () => {
      const agent = await onboardAgent();
      const before = await redemptionCount();
      const declined = await redeem(agent, "4000000000000002");
      assert.equal(declined.status, 402);
      assert.equal(declined.json.error.code, "payment_declined");
      assert.equal(await balanceOf(agent), 0);
      assert.equal(await redemptionCount(), before);
      assert.equal((await validate(agent)).valid, true);
      const rows = await (await getDb())
        .select()
        .from(couponRedemptions)
        .where(eq(couponRedemptions.couponCode, "BONUS20"));
      assert.equal(rows.filter((r) => !r.ledgerEntryId).length, 0, "no reservation left behind");
    });

    test("a late failure of an earlier purchase does not release a newer redemption still being paid", async () => {
      const agent = await onboardAgent();
      const db = await getDb();
      const [user] = await db.select().from(users).where(eq(users.id, agent.userId));
      const accountId = user!.personalAccountId;
      // A new redeem has reserved the coupon and is charging the card (no PaymentIntent tied yet)…
      await db.transaction((tx) => reserveCoupon(tx, { code: "BONUS20", accountId }));
      // …when the failure of an older purchase for the same coupon is settled.
      const oldFailure = {
        id: "pi_older_attempt",
        amount: 5000,
        metadata: { onramp_coupon: "BONUS20", onramp_account_id: accountId },
      } as unknown as PaymentIntent;
      await settleCouponOf(db, oldFailure, "failed");
      const [held] = await db
        .select()
        .from(couponRedemptions)
        .where(and(eq(couponRedemptions.couponCode, "BONUS20"), eq(couponRedemptions.accountId, accountId)));
      assert.ok(held, "the newer reservation is still held");
      assert.equal(await releaseCoupon(db, { code: "BONUS20", accountId }), true);
    });

    test("five redeems at once: one purchase and one bonus; the others are refused before any charge", async () => {
      const agent = await onboardAgent();
      const intentsBefore = (await suite.stripe().helper("/_emulator/stats")).objects.payment_intent ?? 0;
      const results = await Promise.all(Array.from({ length: 5 }, () => redeem(agent, "4242424242424242")));
      const statuses = results.map((r) => r.status).sort();
      assert.equal(statuses.filter((s) => s === 200).length, 1, JSON.stringify(statuses));
      assert.ok(
        statuses.every((s) => s === 200 || s === 409 || s === 422),
        JSON.stringify(statuses),
      );
      assert.equal(
        (await suite.stripe().helper("/_emulator/stats")).objects.payment_intent - intentsBefore,
        1,
      );
      assert.equal(await balanceOf(agent), 60);
      assert.equal((await couponEntries(agent)).length, 1);
    });
  });
}
