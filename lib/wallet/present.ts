/** Wire shapes of wallet objects (USD decimals, the contract's field names). */
import { minorToUsd } from "@/lib/money";
import type { LedgerEntry, Wallet } from "./ledger";

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
