/**
 * Withdrawals are for reseller accounts only. The debit is recorded at once; paying it out is an
 * operator's task (Stripe payouts to resellers are outside what the emulator models).
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { accounts } from "@/lib/db/schema/accounts";
import { AppError, notFound } from "@/lib/errors";
import { afterDebit } from "./after-debit";
import { type LedgerEntry, post } from "./ledger";

/** A withdrawal debited now and waiting for an operator's payout. */
export interface Withdrawal {
  status: "pending_payout";
  amountMinor: number;
  balanceMinor: number;
  entry: LedgerEntry;
}

export async function withdraw(
  db: Db,
  input: { accountId: string; userId: string; amountMinor: number; idempotencyRecordId: string | null },
): Promise<Withdrawal> {
  const [account] = await db
    .select({ isReseller: accounts.isReseller })
    .from(accounts)
    .where(eq(accounts.id, input.accountId));
  if (!account) throw notFound("Account");
  if (!account.isReseller)
    throw new AppError("reseller_only", "Withdrawals are available to reseller accounts only.");
  const { entry, wallet } = await post(db, {
    accountId: input.accountId,
    amountMinor: -input.amountMinor,
    kind: "withdrawal",
    source: "system",
    externalId: `withdrawal_${input.idempotencyRecordId ?? randomUUID()}`,
    description: "Withdrawal (pending payout)",
    actor: { userId: input.userId, kind: "agent" },
    causeRef: input.idempotencyRecordId,
  });
  await afterDebit(db, input.accountId);
  return {
    status: "pending_payout",
    amountMinor: input.amountMinor,
    balanceMinor: wallet.balanceMinor,
    entry,
  };
}
