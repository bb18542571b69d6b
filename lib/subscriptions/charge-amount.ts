/**
 * `POST /subscriptions/charge-amount` ("set paid model charge amount"): an account-level setting,
 * not a charge. It records how much a subscriber wants charged per top-up for usage the plan does
 * not cover (paid models, or calls beyond the period's quota), between $5 and $10,000.
 */
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { subscriptionSettings } from "@/lib/db/schema/subscriptions";

/** The account's setting, in cents (null when never set). */
export interface PaidModelChargeAmount {
  amountMinor: number | null;
}

export async function setPaidModelChargeAmount(
  db: DbOrTx,
  input: { accountId: string; amountMinor: number },
): Promise<{ amountMinor: number }> {
  await db
    .insert(subscriptionSettings)
    .values({ accountId: input.accountId, paidModelChargeAmountMinor: input.amountMinor })
    .onConflictDoUpdate({
      target: subscriptionSettings.accountId,
      set: { paidModelChargeAmountMinor: input.amountMinor, updatedAt: sql`now()` },
    });
  return { amountMinor: input.amountMinor };
}

export async function getPaidModelChargeAmount(
  db: DbOrTx,
  accountId: string,
): Promise<PaidModelChargeAmount> {
  const [row] = await db
    .select()
    .from(subscriptionSettings)
    .where(eq(subscriptionSettings.accountId, accountId));
  return { amountMinor: row?.paidModelChargeAmountMinor ?? null };
}
