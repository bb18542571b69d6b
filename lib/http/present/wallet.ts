/**
 * The agents API's wallet answers: the contract's snake_case fields, amounts as USD numbers, and
 * the sentences that tell an agent what to do next. The dashboard's data reads reuse the shapes.
 */
import { minorToUsd } from "@/lib/money";
import type { PendingPayment } from "@/lib/payments/intent-outcome";
import type { AutoFundingSettings } from "@/lib/wallet/auto-funding";
import { type CouponValidation, couponRefusalMessage, type RedeemOutcome } from "@/lib/wallet/coupons";
import type { FundOutcome, FundSucceeded } from "@/lib/wallet/fund-wallet";
import type { LedgerEntry, Wallet } from "@/lib/wallet/ledger";
import type { TransactionsPage } from "@/lib/wallet/queries";
import type { Withdrawal } from "@/lib/wallet/withdraw";
import { presentPendingPayment } from "./payments";

const USECASE: Record<LedgerEntry["kind"], string> = {
  fund: "wallet_funding",
  checkout_fund: "wallet_funding",
  auto_fund: "auto_funding",
  usage: "api_usage",
  usage_refund: "api_usage_refund",
  coupon: "coupon",
  refund: "refund",
  refund_failed: "refund_failed",
  dispute: "dispute",
  dispute_release: "dispute_release",
  withdrawal: "withdrawal",
  adjustment: "adjustment",
};

export function presentTransaction(entry: LedgerEntry) {
  return {
    id: entry.id,
    source: entry.source,
    transaction_id: entry.externalId,
    type: entry.amountMinor > 0 ? "credit" : "debit",
    amount: minorToUsd(Math.abs(entry.amountMinor)),
    balance_after: minorToUsd(entry.balanceAfterMinor),
    currency: entry.currency,
    status: "success",
    usecase: USECASE[entry.kind],
    kind: entry.kind,
    description: entry.description,
    actor: entry.actorKind,
    created_at: entry.createdAt.toISOString(),
  };
}
export type TransactionView = ReturnType<typeof presentTransaction>;

export function presentWalletSummary(wallet: Wallet) {
  return {
    balance: minorToUsd(wallet.balanceMinor),
    currency: wallet.currency,
    total_credited: minorToUsd(wallet.totalCreditedMinor),
    amount_used: minorToUsd(wallet.totalDebitedMinor),
    // Extension: why this account may not spend right now (a dispute, money owed), or null.
    spending_suspended: wallet.spendingSuspendedAt
      ? { reason: wallet.spendingSuspendedReason, since: wallet.spendingSuspendedAt.toISOString() }
      : null,
  };
}

/** GET /wallet/transactions. */
export function presentTransactionsPage(page: TransactionsPage) {
  return {
    items: page.entries.map(presentTransaction),
    count: page.entries.length,
    total: page.total,
    limit: page.limit,
    offset: page.offset,
    next_cursor: page.nextCursor,
    wallet: presentWalletSummary(page.wallet),
  };
}

/** What an agent does about a card payment that is not through yet. */
function pendingMessage(payment: PendingPayment): string {
  return payment.status === "processing"
    ? `The payment is processing. Poll GET /api/agents/v1/payments/${payment.paymentIntentId}/status?wait=30 until it settles.`
    : `Additional authentication is required. Ask a human to open ${payment.nextActionUrl} to authenticate this payment, then poll GET /api/agents/v1/payments/${payment.paymentIntentId}/status?wait=30.`;
}

function presentFundSucceeded(funded: FundSucceeded) {
  return {
    balance: minorToUsd(funded.balanceMinor),
    amount: minorToUsd(funded.amountMinor),
    currency: "USD",
    payment: { status: "succeeded", payment_intent_id: funded.paymentIntentId },
    transaction: presentTransaction(funded.entry),
  };
}

/** POST /wallet/fund with a card: 200 when credited, 202 while the payment waits. */
export function presentFund(outcome: FundOutcome): { status: 200 | 202; body: Record<string, unknown> } {
  if (outcome.kind === "succeeded") return { status: 200, body: presentFundSucceeded(outcome) };
  return {
    status: 202,
    body: { payment: presentPendingPayment(outcome), message: pendingMessage(outcome) },
  };
}

/** GET /wallet/coupons/validate: 200 either way; `reason` says why not. */
export function presentCouponValidation(v: CouponValidation) {
  return {
    valid: v.refusal === null,
    coupon_code: v.code,
    type: v.coupon?.kind ?? null,
    description: v.coupon?.description ?? null,
    credit_amount: v.creditMinor === null ? null : minorToUsd(v.creditMinor),
    bonus_percent: v.coupon?.bonusPercent ?? null,
    minimum_purchase: v.coupon?.minPurchaseMinor == null ? null : minorToUsd(v.coupon.minPurchaseMinor),
    reason: v.refusal ? couponRefusalMessage(v.refusal) : null,
  };
}

/** POST /wallet/coupons/redeem: 200 when credited, 202 while a bonus coupon's purchase waits. */
export function presentRedeem(outcome: RedeemOutcome): { status: 200 | 202; body: Record<string, unknown> } {
  if (outcome.kind === "redeemed") {
    return {
      status: 200,
      body: {
        redeemed: true,
        coupon_code: outcome.code,
        type: outcome.couponKind,
        credit_amount: minorToUsd(outcome.creditMinor),
        balance: outcome.balanceMinor === null ? null : minorToUsd(outcome.balanceMinor),
        transaction: outcome.entry ? presentTransaction(outcome.entry) : null,
        purchase: outcome.purchase ? presentFundSucceeded(outcome.purchase) : null,
      },
    };
  }
  const bonus = minorToUsd(outcome.bonusMinor);
  return {
    status: 202,
    body: {
      payment: presentPendingPayment(outcome.payment),
      message: `${pendingMessage(outcome.payment)} The ${outcome.bonusPercent}% bonus ($${bonus}) is credited when the payment succeeds.`,
      coupon: {
        coupon_code: outcome.code,
        type: outcome.couponKind,
        status: "pending",
        credit_amount: bonus,
      },
    },
  };
}

export function presentAutoFunding(settings: AutoFundingSettings) {
  return {
    enabled: settings.enabled,
    auto_charge_amount: settings.amountMinor === null ? null : minorToUsd(settings.amountMinor),
    charge_threshold: settings.thresholdMinor === null ? null : minorToUsd(settings.thresholdMinor),
    currency: settings.currency,
  };
}

/** POST /wallet/withdraw. */
export function presentWithdrawal(w: Withdrawal) {
  return {
    status: w.status,
    amount: minorToUsd(w.amountMinor),
    balance: minorToUsd(w.balanceMinor),
    transaction: presentTransaction(w.entry),
  };
}
