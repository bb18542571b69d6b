import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as balanceRoute from "@/app/api/agents/v1/wallet/balance/route";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { settleFollowUps } from "@/lib/generation/follow-ups";
import { stripe } from "@/lib/stripe/client";
import { redeemCoupon } from "@/lib/wallet/coupons";
import { post } from "@/lib/wallet/ledger";
import { availableDatabases } from "@/tests/helpers/database";
import { text2img } from "@/tests/helpers/generation";
import { call } from "@/tests/helpers/http";
import { moneySuite } from "@/tests/helpers/money-suite";
import {
  balanceOf,
  clawbackRow,
  entriesOf,
  fundWith,
  mailsTo,
  newOwner,
  type Owner,
  redeliverAll,
  spend,
  walletOf,
} from "@/tests/helpers/wallet";

process.env.RATE_LIMIT_BILLING_PER_MINUTE = "100000";
process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "100000";

const generate = (owner: Owner) =>
  text2img({ key: owner.agent.apiKey, model_id: "flux", prompt: "a lighthouse", width: 512, height: 512 });

async function refusedAsSuspended(work: () => Promise<unknown>): Promise<void> {
  await assert.rejects(work, (error) => isAppError(error) && error.code === "account_suspended");
}

for (const kind of availableDatabases()) {
  describe(`disputes on ${kind}`, () => {
    const suite = moneySuite(kind, { beforeTeardown: settleFollowUps });
    const idle = () => suite.stripe().emulator.webhooksIdle();
    const openDispute = async (pi: string, body: Record<string, unknown> = {}) => {
      const dispute = await suite.stripe().helper(`/_emulator/charges/${pi}/dispute`, body);
      assert.match(dispute.id, /^dp_/, JSON.stringify(dispute));
      await idle();
      return dispute.id as string;
    };
    const closeDispute = async (id: string, outcome: "won" | "lost") => {
      await suite.stripe().helper(`/_emulator/disputes/${id}/close`, { outcome });
      await idle();
    };

    test("a dispute opens (test card …0259): the amount is held once, spending is refused, the owner is mailed once", async () => {
      const owner = await newOwner();
      await fundWith(suite.stripe(), owner, "4242424242424242", 5000);
      const disputed = await fundWith(suite.stripe(), owner, "4000000000000259", 3000);
      await idle();
      const [dispute] = (await stripe().disputes.list({ payment_intent: disputed })).data;
      assert.ok(dispute, "the card network opened a dispute");

      const holds = await entriesOf(owner, "dispute");
      assert.deepEqual(
        holds.map((e) => [e.externalId, e.amountMinor]),
        [[dispute.id, -3000]],
      );
      assert.equal(await balanceOf(owner), 5000);
      const wallet = await walletOf(owner);
      assert.equal(wallet.spendingSuspendedReason, "dispute_open");
      assert.ok(wallet.spendingSuspendedAt);

      const shown = await call(balanceRoute.GET, "/api/agents/v1/wallet/balance", {
        headers: owner.agent.auth,
      });
      assert.equal(shown.json.data.spending_suspended.reason, "dispute_open");
      const refused = await generate(owner);
      assert.equal(refused.status, 403, JSON.stringify(refused.json));
      assert.equal(refused.json.code, "account_suspended");
      await refusedAsSuspended(() => spend(owner, 100));
      await refusedAsSuspended(async () =>
        post(await getDb(), {
          accountId: owner.accountId,
          amountMinor: -100,
          kind: "withdrawal",
          source: "system",
          externalId: "withdrawal_while_disputed",
          description: "Withdrawal",
          actor: { userId: owner.agent.userId, kind: "agent" },
        }),
      );
      const db = await getDb();
      await refusedAsSuspended(() =>
        redeemCoupon(db, {
          accountId: owner.accountId,
          userId: owner.agent.userId,
          code: "WELCOME5",
          idempotencyRecordId: null,
        }),
      );
      // Funding stays open: it is how a wallet pays what it owes.
      await fundWith(suite.stripe(), owner, "4242424242424242", 1000);
      assert.equal(await balanceOf(owner), 6000);

      const opened = await mailsTo(owner, "dispute-opened");
      assert.equal(opened.length, 1);
      assert.match(opened[0]!.text ?? "", /\$30\.00/);
      // Every event about the dispute, delivered three more times: nothing moves, nobody is re-mailed.
      assert.ok((await redeliverAll(suite.stripe(), [dispute.id], 3)) >= 2);
      assert.equal((await entriesOf(owner, "dispute")).length, 1);
      assert.equal((await mailsTo(owner, "dispute-opened")).length, 1);
    });

    test("won: the hold is released once and spending resumes; late and repeated events change nothing", async () => {
      const owner = await newOwner();
      const pi = await fundWith(suite.stripe(), owner, "4242424242424242", 4000);
      const dispute = await openDispute(pi, { amount: 2500 });
      assert.equal(await balanceOf(owner), 1500);
      assert.equal((await generate(owner)).status, 403);
      await closeDispute(dispute, "won");

      assert.deepEqual(
        (await entriesOf(owner, "dispute", "dispute_release")).map((e) => [e.kind, e.amountMinor]),
        [
          ["dispute", -2500],
          ["dispute_release", 2500],
        ],
      );
      assert.equal(await balanceOf(owner), 4000);
      assert.equal((await walletOf(owner)).spendingSuspendedAt, null);
      assert.equal((await clawbackRow(dispute))?.state, "released");
      assert.equal((await mailsTo(owner, "dispute-closed")).length, 1);
      assert.match((await mailsTo(owner, "dispute-closed"))[0]!.subject, /won/);
      // charge.dispute.created arriving again after the win (out of order) must not hold again.
      await redeliverAll(suite.stripe(), [dispute], 2);
      assert.equal((await entriesOf(owner, "dispute", "dispute_release")).length, 2);
      assert.equal(await balanceOf(owner), 4000);
      const ok = await generate(owner);
      assert.equal(ok.status, 200, JSON.stringify(ok.json));
    });

    test("lost: the hold stays and the bonus it earned goes with the purchase; spending resumes", async () => {
      const owner = await newOwner();
      const redeemed = await redeemCoupon(await getDb(), {
        accountId: owner.accountId,
        userId: owner.agent.userId,
        code: "BONUS20",
        purchaseMinor: 5000,
        paymentMethodId: await suite.stripe().tokenize("4242424242424242"),
        idempotencyRecordId: null,
      });
      assert.ok(redeemed.kind === "redeemed" && redeemed.purchase);
      await idle();
      assert.equal(await balanceOf(owner), 6000, "$50 bought and a $10 bonus");
      const pi = redeemed.purchase.paymentIntentId;
      await fundWith(suite.stripe(), owner, "4242424242424242", 2000);
      const dispute = await openDispute(pi);
      assert.equal(await balanceOf(owner), 3000);
      await closeDispute(dispute, "lost");

      const entries = await entriesOf(owner, "dispute", "dispute_release");
      assert.deepEqual(
        entries.map((e) => [e.externalId, e.amountMinor]),
        [
          [dispute, -5000],
          [`${dispute}:1`, -1000],
        ],
      );
      assert.equal(await balanceOf(owner), 2000);
      assert.equal((await walletOf(owner)).spendingSuspendedAt, null);
      const row = await clawbackRow(dispute);
      assert.deepEqual([row?.state, row?.bonusMinor, row?.takenMinor], ["final", 1000, 6000]);
      assert.match((await mailsTo(owner, "dispute-closed"))[0]!.subject, /lost/);
    });

    test("a dispute larger than the balance: the wallet never goes negative; the rest is collected from later funds", async () => {
      const owner = await newOwner();
      const pi = await fundWith(suite.stripe(), owner, "4242424242424242", 3000);
      await spend(owner, 2500);
      const dispute = await openDispute(pi);
      assert.equal(await balanceOf(owner), 0);
      assert.deepEqual(
        [(await clawbackRow(dispute))?.takenMinor, (await clawbackRow(dispute))?.targetMinor],
        [500, 3000],
      );
      assert.match((await mailsTo(owner, "dispute-opened"))[0]!.text ?? "", /\$25\.00 more/);

      // New money pays the hold first.
      await fundWith(suite.stripe(), owner, "4242424242424242", 2000);
      assert.equal(await balanceOf(owner), 0);
      assert.equal((await clawbackRow(dispute))?.takenMinor, 2500);
      await closeDispute(dispute, "lost");
      assert.equal((await walletOf(owner)).spendingSuspendedReason, "unpaid_clawback", "still owes $5");
      assert.equal((await generate(owner)).status, 403);

      await fundWith(suite.stripe(), owner, "4242424242424242", 1000);
      assert.equal(await balanceOf(owner), 500);
      assert.equal((await walletOf(owner)).spendingSuspendedAt, null);
      const holds = await entriesOf(owner, "dispute");
      assert.deepEqual(
        holds.map((e) => e.amountMinor),
        [-500, -2000, -500],
      );
      assert.ok(holds.every((e) => e.balanceAfterMinor >= 0));
      assert.equal((await generate(owner)).status, 200);
    });

    test("won after part of the hold was collected: exactly what was taken comes back", async () => {
      const owner = await newOwner();
      const pi = await fundWith(suite.stripe(), owner, "4242424242424242", 2000);
      await spend(owner, 1500);
      const dispute = await openDispute(pi);
      assert.equal((await clawbackRow(dispute))?.takenMinor, 500);
      await closeDispute(dispute, "won");
      assert.equal(await balanceOf(owner), 500);
      assert.equal((await walletOf(owner)).spendingSuspendedAt, null);
      assert.deepEqual(
        (await entriesOf(owner, "dispute_release")).map((e) => e.amountMinor),
        [500],
      );
    });
  });
}
