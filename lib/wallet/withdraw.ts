/**
 * Withdrawals are for reseller accounts only. The debit is recorded at once; paying it out is an
 * operator's task (Stripe payouts to resellers are outside what the emulator models).
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { accounts } from "@/lib/db/schema/accounts";
import { AppError, notFound } from "@/lib/errors";
import { minorToUsd } from "@/lib/money";
import { afterDebit } from "./after-debit";
import { post } from "./ledger";
import { presentTransaction } from "./present";

export async function withdraw(
  db: Db,
  input: { accountId: string; userId: string; amountMinor: number; idempotencyRecordId: string | null },
) {
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
    amount: minorToUsd(input.amountMinor),
    balance: minorToUsd(wallet.balanceMinor),
    transaction: presentTransaction(entry),
  };
}
