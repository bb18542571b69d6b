import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { ledgerEntries } from "@/lib/db/schema/wallet";
import { ensureWallet } from "@/lib/wallet/ledger";
import { availableDatabases } from "@/tests/helpers/database";
import { setUpCard, signedInHuman } from "@/tests/helpers/human";
import { moneySuite } from "@/tests/helpers/money-suite";
import { handleSaveCard } from "./card-handlers";
import { toFailure } from "./result";
import { handleAutoFunding, handleFund, handleLowBalanceAlert, handleSettlePayment } from "./wallet-handlers";

/** What the browser gets back from a server action that threw. */
const failureOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return toFailure(error);
  }
  assert.fail("expected the handler to fail");
};

const attempt = () => crypto.randomUUID();

for (const kind of availableDatabases()) {
  describe(`dashboard wallet actions on ${kind}`, () => {
    const suite = moneySuite(kind);

    test("fund $25 with a new card: credited at once, as the human, and the card is kept", async () => {
      const { human, ctx } = await signedInHuman();
      const pm = await suite.stripe().tokenize("4242424242424242");
      const result = await handleFund(await ctx(), {
        amount: "25",
        payment_method_id: pm,
        attempt_id: attempt(),
      });
      assert.equal(result.status, "succeeded");
      assert.ok(result.status === "succeeded" && result.balance === 25 && result.amount === 25);
      const db = await getDb();
      assert.equal((await ensureWallet(db, human.accountId)).balanceMinor, 2500);
      const [entry] = await db
        .select()
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.accountId, human.accountId), eq(ledgerEntries.kind, "fund")));
      assert.equal(entry?.actorKind, "human");
      assert.equal(entry?.actorUserId, human.userId);
    });

    test("the same attempt id twice charges once", async () => {
      const { human, ctx } = await signedInHuman();
      const pm = await suite.stripe().tokenize("4242424242424242");
      const id = attempt();
      const first = await handleFund(await ctx(), { amount: 30, payment_method_id: pm, attempt_id: id });
      const again = await handleFund(await ctx(), { amount: 30, payment_method_id: pm, attempt_id: id });
      assert.equal(first.payment_intent_id, again.payment_intent_id);
      assert.equal((await ensureWallet(await getDb(), human.accountId)).balanceMinor, 3000);
    });

    test("a declined card comes back as payment_declined with the bank's words; nothing is credited", async () => {
      const { human, ctx } = await signedInHuman();
      for (const [card, decline] of [
        ["4000000000000002", "generic_decline"],
        ["4000000000009995", "insufficient_funds"],
      ] as const) {
        const pm = await suite.stripe().tokenize(card);
        const failure = await failureOf(
          handleFund(await ctx(), { amount: 25, payment_method_id: pm, attempt_id: attempt() }),
        );
        assert.equal(failure.code, "payment_declined");
        assert.match(failure.message, /declined|insufficient funds/i);
        assert.equal(failure.details?.decline_code, decline);
      }
      assert.equal((await ensureWallet(await getDb(), human.accountId)).balanceMinor, 0);
    });

    test("3-D Secure: requires_action with a client secret; settling after the challenge credits once", async () => {
      const { human, ctx } = await signedInHuman();
      const pm = await suite.stripe().tokenize("4000002500003155");
      const result = await handleFund(await ctx(), {
        amount: 40,
        payment_method_id: pm,
        attempt_id: attempt(),
      });
      assert.equal(result.status, "requires_action");
      assert.ok(result.status === "requires_action");
      assert.match(result.client_secret, /^pi_.+_secret_/);

      const before = await handleSettlePayment(await ctx(), { payment_intent_id: result.payment_intent_id });
      assert.equal(before.status, "pending");
      assert.equal(before.balance, 0);

      await suite.stripe().helper(`/_emulator/payment_intents/${result.payment_intent_id}/authenticate`, {
        result: "succeed",
      });
      const settled = await handleSettlePayment(await ctx(), { payment_intent_id: result.payment_intent_id });
      assert.deepEqual([settled.status, settled.balance, settled.amount], ["succeeded", 40, 40]);
      const again = await handleSettlePayment(await ctx(), { payment_intent_id: result.payment_intent_id });
      assert.equal(again.balance, 40, "settling twice credits once");
      assert.equal((await ensureWallet(await getDb(), human.accountId)).balanceMinor, 4000);

      // Someone else's PaymentIntent is not found, whatever its state.
      const stranger = await signedInHuman();
      const failure = await failureOf(
        handleSettlePayment(await stranger.ctx(), { payment_intent_id: result.payment_intent_id }),
      );
      assert.equal(failure.code, "not_found");
    });

    test("a failed challenge settles as failed and credits nothing", async () => {
      const { human, ctx } = await signedInHuman();
      const pm = await suite.stripe().tokenize("4000002760003184");
      const result = await handleFund(await ctx(), {
        amount: 10,
        payment_method_id: pm,
        attempt_id: attempt(),
      });
      assert.equal(result.status, "requires_action");
      await suite.stripe().helper(`/_emulator/payment_intents/${result.payment_intent_id}/authenticate`, {
        result: "fail",
      });
      const settled = await handleSettlePayment(await ctx(), { payment_intent_id: result.payment_intent_id });
      assert.equal(settled.status, "failed");
      assert.equal((await ensureWallet(await getDb(), human.accountId)).balanceMinor, 0);
    });

    test("bad input is a validation failure per field, never a charge", async () => {
      const { ctx } = await signedInHuman();
      const pm = await suite.stripe().tokenize("4242424242424242");
      const cases: [unknown, string, RegExp][] = [
        [{ amount: "5", payment_method_id: pm, attempt_id: attempt() }, "amount", /at least \$10/],
        [{ amount: "10001", payment_method_id: pm, attempt_id: attempt() }, "amount", /at most \$10000/],
        [{ amount: "10.001", payment_method_id: pm, attempt_id: attempt() }, "amount", /dollars/],
        [{ amount: "ten", payment_method_id: pm, attempt_id: attempt() }, "amount", /dollars/],
        [
          { amount: "25", payment_method_id: "4242424242424242", attempt_id: attempt() },
          "payment_method_id",
          /pm_/,
        ],
        [{ amount: "25", payment_method_id: pm, attempt_id: "x" }, "attempt_id", /attempt/],
        [null, "form", /./],
      ];
      for (const [input, field, message] of cases) {
        const failure = await failureOf(handleFund(await ctx(), input));
        assert.equal(failure.code, "validation_error", JSON.stringify(input));
        assert.match(failure.fieldErrors[field]?.[0] ?? failure.message, message, JSON.stringify(failure));
      }
      const stats = await suite.stripe().helper("/_emulator/stats");
      assert.ok(stats.objects.payment_intent >= 0);
    });

    test("auto-recharge needs a default card; the low-balance alert is stored on the person", async () => {
      const { ctx } = await signedInHuman();
      const refused = await failureOf(
        handleAutoFunding(await ctx(), { enabled: true, amount: "25", threshold: "5" }),
      );
      assert.equal(refused.code, "conflict");
      await handleSaveCard(await ctx(), {
        payment_method_id: await setUpCard(suite.stripe(), await ctx()),
        make_default: true,
      });
      const on = await handleAutoFunding(await ctx(), { enabled: true, amount: "25", threshold: "5" });
      assert.deepEqual([on.enabled, on.auto_charge_amount, on.charge_threshold], [true, 25, 5]);
      const off = await handleAutoFunding(await ctx(), { enabled: false });
      assert.equal(off.enabled, false);
      const bad = await failureOf(
        handleAutoFunding(await ctx(), { enabled: true, amount: "2", threshold: "5" }),
      );
      assert.match(bad.fieldErrors.amount?.[0] ?? "", /at least \$5/);

      assert.deepEqual(await handleLowBalanceAlert(await ctx(), { enabled: true, threshold: "12.50" }), {
        enabled: true,
        threshold: 12.5,
      });
      assert.deepEqual(await handleLowBalanceAlert(await ctx(), { enabled: false }), {
        enabled: false,
        threshold: null,
      });
    });

    test("without a card, auto-recharge says so in the dashboard's words, not the API's", async () => {
      const { ctx } = await signedInHuman();
      const refused = await failureOf(
        handleAutoFunding(await ctx(), { enabled: true, amount: "25", threshold: "5" }),
      );
      assert.equal(refused.code, "conflict");
      assert.match(refused.message, /Payment methods/);
      assert.doesNotMatch(refused.message, /POST|GET|\/billing\/|\/api\//);
    });
  });
}
