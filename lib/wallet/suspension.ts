/**
 * An account whose card payment is disputed, or which owes money Stripe took back, may not spend
 * until that is resolved: generation, withdrawals and coupons answer 403 `account_suspended`.
 * Funding stays open, since money coming in is what covers what is owed. The flag lives on the
 * wallet row (clawback-settle.ts keeps it); this module only reads it.
 */
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { ensureWallet, type Wallet } from "./ledger-append";

export function accountSuspended(wallet: Wallet): AppError {
  const why =
    wallet.spendingSuspendedReason === "dispute_open"
      ? "a card payment to this account is disputed with the card issuer"
      : "money refunded or charged back to a card is still owed by this wallet";
  const next =
    wallet.spendingSuspendedReason === "dispute_open"
      ? "Spending resumes when the dispute is resolved; the account owner has been emailed."
      : "Fund the wallet to cover it (POST /api/agents/v1/wallet/fund); spending resumes at once.";
  return new AppError("account_suspended", `Spending is suspended: ${why}. ${next}`, {
    details: {
      reason: wallet.spendingSuspendedReason,
      suspended_at: wallet.spendingSuspendedAt?.toISOString() ?? null,
    },
  });
}

/** Throws `account_suspended` when the account may not spend now. */
export async function assertCanSpend(db: Db, accountId: string): Promise<void> {
  const wallet = await ensureWallet(db, accountId);
  if (wallet.spendingSuspendedAt) throw accountSuspended(wallet);
}
