import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { getDb } from "@/lib/db/client";
import { accounts } from "@/lib/db/schema/accounts";
import { AppError } from "@/lib/errors";
import { useFreshDatabase } from "@/tests/helpers/database";
import { assertLedgerInvariants } from "@/tests/helpers/ledger";
import { type TestStripe, useEmulator } from "@/tests/helpers/stripe";
import { fundWallet } from "./fund-wallet";
import { ensureWallet } from "./ledger";
import { getPaymentStatus } from "./payment-status";

async function newAccount(): Promise<string> {
  const [row] = await (await getDb())
    .insert(accounts)
    .values({ kind: "personal", name: "Fund test", username: `fund_${randomUUID().slice(0, 8)}` })
    .returning({ id: accounts.id });
  return row!.id;
}

describe("funding a wallet through the Stripe emulator", () => {
  let cleanup: () => Promise<void>;
  let stripe: TestStripe;
  before(async () => {
    cleanup = await useFreshDatabase("pglite");
    stripe = await useEmulator({ deliverWebhooks: true });
  });
  after(async () => {
    await assertLedgerInvariants(await getDb());
    await stripe.close();
    await cleanup();
  });

  const fund = async (accountId: string, card: string, recordId: string | null = null, amountMinor = 2500) =>
    fundWallet(await getDb(), {
      accountId,
      userId: randomUUID(),
      actorKind: "agent",
      amountMinor,
      paymentMethodId: await stripe.tokenize(card),
      idempotencyRecordId: recordId,
    });

  test("4242… → succeeded, credited once, balance 25", async () => {
    const accountId = await newAccount();
    const result = await fund(accountId, "4242424242424242");
    assert.ok(result.kind === "succeeded");
    assert.equal(result.balanceMinor, 2500);
    assert.equal(result.amountMinor, 2500);
    assert.match(result.paymentIntentId, /^pi_/);
    assert.ok(result.entry.amountMinor > 0, "a credit");
    assert.equal(result.entry.externalId, result.paymentIntentId);
    assert.equal((await ensureWallet(await getDb(), accountId)).balanceMinor, 2500);
  });

  for (const [card, declineCode] of [
    ["4000000000000002", "generic_decline"],
    ["4000000000009995", "insufficient_funds"],
    ["4000000000009987", "lost_card"],
    ["4000000000009979", "stolen_card"],
    ["4000000000000069", "expired_card"],
    ["4000000000000127", "incorrect_cvc"],
    ["4000000000000119", "processing_error"],
    ["4000000000000341", "generic_decline"],
  ] as const) {
    test(`${card} → 402 payment_declined (${declineCode}) naming the PaymentIntent; nothing credited`, async () => {
      const accountId = await newAccount();
      await assert.rejects(fund(accountId, card), (e: unknown) => {
        assert.ok(e instanceof AppError);
        assert.equal(e.code, "payment_declined");
        assert.equal(e.status, 402);
        assert.equal(e.details?.decline_code, declineCode);
        assert.match(String(e.details?.payment_intent_id), /^pi_/);
        return true;
      });
      assert.equal((await ensureWallet(await getDb(), accountId)).balanceMinor, 0);
    });
  }

  test("3184 (always authenticate) → 202 requires_action as well", async () => {
    const result = await fund(await newAccount(), "4000002760003184");
    assert.equal(result.kind, "requires_action");
  });

  test("3155 → 202 requires_action; the human authenticates; the waiting status poll sees succeeded", async () => {
    const accountId = await newAccount();
    const result = await fund(accountId, "4000002500003155");
    assert.ok(result.kind === "requires_action");
    assert.equal(result.status, "requires_action");
    assert.match(result.clientSecret ?? "", /^pi_.+_secret_/);
    assert.match(result.nextActionUrl, new RegExp(`/pay/authenticate/${result.paymentIntentId}$`));
    assert.equal((await ensureWallet(await getDb(), accountId)).balanceMinor, 0);

    const waiting = getPaymentStatus(await getDb(), {
      accountId,
      paymentIntentId: result.paymentIntentId,
      waitSec: 15,
    });
    await stripe.helper(`/_emulator/payment_intents/${result.paymentIntentId}/authenticate`, {
      result: "succeed",
    });
    const status = await waiting;
    assert.equal(status.status, "succeeded");
    assert.equal((await ensureWallet(await getDb(), accountId)).balanceMinor, 2500);
  });

  test("3-D Secure failed by the human → status failed, nothing credited", async () => {
    const accountId = await newAccount();
    const result = await fund(accountId, "4000002500003155");
    const id = result.paymentIntentId;
    await stripe.helper(`/_emulator/payment_intents/${id}/authenticate`, { result: "fail" });
    const status = await getPaymentStatus(await getDb(), { accountId, paymentIntentId: id, waitSec: 10 });
    assert.equal(status.status, "failed");
    assert.equal((await ensureWallet(await getDb(), accountId)).balanceMinor, 0);
  });

  test("another account's payment is a 404", async () => {
    const owner = await newAccount();
    const result = await fund(owner, "4242424242424242");
    const id = result.paymentIntentId;
    await assert.rejects(
      getPaymentStatus(await getDb(), { accountId: await newAccount(), paymentIntentId: id, waitSec: 0 }),
      (e: unknown) => e instanceof AppError && e.code === "not_found",
    );
  });

  test("a retry under the same idempotency record reuses the PaymentIntent: one charge, one credit", async () => {
    const accountId = await newAccount();
    const recordId = randomUUID();
    const before = (await stripe.helper("/_emulator/stats")).objects.payment_intent;
    const pm = await stripe.tokenize("4242424242424242");
    const userId = randomUUID();
    const run = async () =>
      fundWallet(await getDb(), {
        accountId,
        userId,
        actorKind: "agent",
        amountMinor: 1500,
        paymentMethodId: pm,
        idempotencyRecordId: recordId,
      });
    const first = await run();
    const second = await run();
    assert.equal(first.paymentIntentId, second.paymentIntentId);
    assert.equal((await ensureWallet(await getDb(), accountId)).balanceMinor, 1500);
    const afterCount = (await stripe.helper("/_emulator/stats")).objects.payment_intent;
    assert.equal(afterCount - before, 1, "exactly one PaymentIntent at Stripe");
  });
});
