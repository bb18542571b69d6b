import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { LedgerEntry, Wallet } from "@/lib/wallet/ledger";
import { presentCouponValidation, presentFund, presentRedeem, presentWalletSummary } from "./wallet";

const AT = new Date("2026-03-04T05:06:07.000Z");

const wallet = (over: Partial<Wallet> = {}): Wallet => ({
  id: "00000000-0000-4000-8000-000000000001",
  accountId: "00000000-0000-4000-8000-000000000002",
  currency: "USD",
  balanceMinor: 3750,
  totalCreditedMinor: 5000,
  totalDebitedMinor: 1250,
  creditCount: 2,
  debitCount: 1,
  autoFundingEnabled: false,
  autoFundingAmountMinor: null,
  autoFundingThresholdMinor: null,
  lowBalanceAlertedAt: null,
  autoFundingFailedEpisode: null,
  spendingSuspendedAt: null,
  spendingSuspendedReason: null,
  createdAt: AT,
  updatedAt: AT,
  ...over,
});

const entry = (over: Partial<LedgerEntry> = {}): LedgerEntry => ({
  id: "00000000-0000-4000-8000-000000000003",
  seq: 7,
  walletId: "00000000-0000-4000-8000-000000000001",
  accountId: "00000000-0000-4000-8000-000000000002",
  amountMinor: 2550,
  balanceAfterMinor: 3750,
  currency: "USD",
  kind: "fund",
  source: "stripe",
  externalId: "pi_123",
  description: "Wallet funding",
  actorUserId: null,
  actorKind: "agent",
  causeRef: null,
  reversesEntryId: null,
  metadata: {},
  createdAt: AT,
  ...over,
});

const pending = (status: "requires_action" | "processing") => ({
  kind: "requires_action" as const,
  paymentIntentId: "pi_3ds",
  clientSecret: "pi_3ds_secret_x",
  nextActionUrl: "http://127.0.0.1:3999/pay/authenticate/pi_3ds",
  status,
});

describe("wallet presenters", () => {
  test("the balance: USD numbers, and spending_suspended with its reason and since", () => {
    assert.deepEqual(presentWalletSummary(wallet()), {
      balance: 37.5,
      currency: "USD",
      total_credited: 50,
      amount_used: 12.5,
      spending_suspended: null,
    });
    const suspended = presentWalletSummary(
      wallet({ spendingSuspendedAt: AT, spendingSuspendedReason: "dispute_open" }),
    );
    assert.deepEqual(suspended.spending_suspended, {
      reason: "dispute_open",
      since: "2026-03-04T05:06:07.000Z",
    });
  });

  test("fund credited: 200 with the balance, the amount, the payment and the transaction", () => {
    const answer = presentFund({
      kind: "succeeded",
      paymentIntentId: "pi_123",
      amountMinor: 2550,
      balanceMinor: 3750,
      entry: entry(),
    });
    assert.equal(answer.status, 200);
    assert.deepEqual(Object.keys(answer.body), ["balance", "amount", "currency", "payment", "transaction"]);
    assert.equal(answer.body.balance, 37.5);
    assert.equal(answer.body.amount, 25.5);
    assert.deepEqual(answer.body.payment, { status: "succeeded", payment_intent_id: "pi_123" });
    assert.deepEqual(answer.body.transaction, {
      id: "00000000-0000-4000-8000-000000000003",
      source: "stripe",
      transaction_id: "pi_123",
      type: "credit",
      amount: 25.5,
      balance_after: 37.5,
      currency: "USD",
      status: "success",
      usecase: "wallet_funding",
      kind: "fund",
      description: "Wallet funding",
      actor: "agent",
      created_at: "2026-03-04T05:06:07.000Z",
    });
  });

  test("fund waiting for 3-D Secure: 202, the payment for a human, and what to tell one", () => {
    const answer = presentFund(pending("requires_action"));
    assert.equal(answer.status, 202);
    assert.deepEqual(answer.body, {
      payment: {
        status: "requires_action",
        payment_intent_id: "pi_3ds",
        client_secret: "pi_3ds_secret_x",
        next_action_url: "http://127.0.0.1:3999/pay/authenticate/pi_3ds",
      },
      message:
        "Additional authentication is required. Ask a human to open http://127.0.0.1:3999/pay/authenticate/pi_3ds to authenticate this payment, then poll GET /api/agents/v1/payments/pi_3ds/status?wait=30.",
    });
  });

  test("fund processing at the bank: 202, poll until it settles", () => {
    const answer = presentFund(pending("processing"));
    assert.equal(answer.status, 202);
    assert.equal((answer.body.payment as { status: string }).status, "processing");
    assert.equal(
      answer.body.message,
      "The payment is processing. Poll GET /api/agents/v1/payments/pi_3ds/status?wait=30 until it settles.",
    );
  });

  test("a bonus coupon's purchase waiting for 3-D Secure: 202 with payment, message, then the pending coupon", () => {
    const answer = presentRedeem({
      kind: "requires_action",
      code: "BONUS20",
      couponKind: "bonus",
      bonusMinor: 1010,
      bonusPercent: 20,
      payment: pending("requires_action"),
    });
    assert.equal(answer.status, 202);
    assert.deepEqual(Object.keys(answer.body), ["payment", "message", "coupon"]);
    assert.match(String(answer.body.message), /^Additional authentication is required\. /);
    assert.match(
      String(answer.body.message),
      / The 20% bonus \(\$10\.1\) is credited when the payment succeeds\.$/,
    );
    assert.deepEqual(answer.body.coupon, {
      coupon_code: "BONUS20",
      type: "bonus",
      status: "pending",
      credit_amount: 10.1,
    });
  });

  test("a credit coupon worth nothing: redeemed, with no balance or transaction", () => {
    const answer = presentRedeem({
      kind: "redeemed",
      code: "ZERO",
      couponKind: "credit",
      creditMinor: 0,
      balanceMinor: null,
      entry: null,
      purchase: null,
    });
    assert.deepEqual(answer, {
      status: 200,
      body: {
        redeemed: true,
        coupon_code: "ZERO",
        type: "credit",
        credit_amount: 0,
        balance: null,
        transaction: null,
        purchase: null,
      },
    });
  });

  test("a refused coupon says why in the API's words, quoting the minimum as the API prints amounts", () => {
    const coupon = {
      code: "BONUS20",
      kind: "bonus" as const,
      amountMinor: null,
      bonusPercent: 20,
      minPurchaseMinor: 2550,
      maxRedemptions: null,
      redemptionCount: 0,
      expiresAt: null,
      description: "20% extra",
      disabledAt: null,
      seeded: false,
      createdAt: AT,
    };
    assert.deepEqual(
      presentCouponValidation({
        code: "BONUS20",
        coupon,
        creditMinor: 200,
        refusal: { kind: "below_minimum", minPurchaseMinor: 2550 },
      }),
      {
        valid: false,
        coupon_code: "BONUS20",
        type: "bonus",
        description: "20% extra",
        credit_amount: 2,
        bonus_percent: 20,
        minimum_purchase: 25.5,
        reason: "The purchase must be at least $25.5.",
      },
    );
    assert.deepEqual(
      presentCouponValidation({
        code: "NOPE",
        coupon: null,
        creditMinor: null,
        refusal: { kind: "unknown" },
      }),
      {
        valid: false,
        coupon_code: "NOPE",
        type: null,
        description: null,
        credit_amount: null,
        bonus_percent: null,
        minimum_purchase: null,
        reason: "Unknown coupon code.",
      },
    );
  });
});
