/**
 * The plan quota the generation API draws on before the wallet. Only an `active` or `trialing`
 * subscription whose collection is not paused counts (a past_due one falls back to the wallet
 * until its payment is repaired). The counter belongs to the period Stripe last reported, and
 * sync.ts resets it when the period moves on, so a renewal gives a full quota again.
 *
 * Each consume is one conditional UPDATE (`used + calls <= limit`): concurrent requests can never
 * take the counter over the limit, whatever the isolation level.
 */
import { and, asc, eq, gte, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/lib/db/client";
import { subscriptions } from "@/lib/db/schema/subscriptions";
import { findPlan } from "./plans";

const QUOTA_STATUSES = ["active", "trialing"];

/** The account's subscriptions whose quota a generation may draw on. */
export const usable = (accountId: string) =>
  and(
    eq(subscriptions.accountId, accountId),
    inArray(subscriptions.status, QUOTA_STATUSES),
    isNull(subscriptions.pausedAt),
  );

/** Atomically uses `calls` of the account's active plan quota for the current period; true when covered (nothing to charge), false when there is no active plan or not enough quota left. Runs in the caller's transaction. */
export async function consumePlanQuota(tx: Tx, accountId: string, calls: number): Promise<boolean> {
  if (!Number.isSafeInteger(calls) || calls <= 0) return calls === 0;
  const candidates = await tx
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(and(usable(accountId), sql`${subscriptions.quotaUsed} + ${calls} <= ${subscriptions.quotaLimit}`))
    .orderBy(asc(subscriptions.createdAt), asc(subscriptions.id));
  for (const { id } of candidates) {
    const [taken] = await tx
      .update(subscriptions)
      .set({ quotaUsed: sql`${subscriptions.quotaUsed} + ${calls}` })
      .where(
        and(
          eq(subscriptions.id, id),
          usable(accountId),
          sql`${subscriptions.quotaUsed} + ${calls} <= ${subscriptions.quotaLimit}`,
        ),
      )
      .returning({ id: subscriptions.id });
    if (taken) return true;
  }
  return false;
}

/** Gives `calls` back (provider failure after a quota-covered request). */
export async function releasePlanQuota(tx: Tx, accountId: string, calls: number): Promise<void> {
  if (!Number.isSafeInteger(calls) || calls <= 0) return;
  // Consume draws in creation order, so the first subscription with use is the one to credit.
  const [target] = await tx
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.accountId, accountId),
        inArray(subscriptions.status, QUOTA_STATUSES),
        gte(subscriptions.quotaUsed, 1),
      ),
    )
    .orderBy(asc(subscriptions.createdAt), asc(subscriptions.id))
    .limit(1);
  if (!target) return;
  await tx
    .update(subscriptions)
    .set({ quotaUsed: sql`greatest(${subscriptions.quotaUsed} - ${calls}, 0)` })
    .where(eq(subscriptions.id, target.id));
}

/** The active plan's calls this period. */
export interface PlanQuotaStatus {
  planId: number;
  planName: string;
  limit: number;
  used: number;
  periodStart: Date;
  periodEnd: Date;
}

/** For usage summaries: the active plan's limit and what is used this period, or null. */
export async function planQuotaStatus(db: DbOrTx, accountId: string): Promise<PlanQuotaStatus | null> {
  const [row] = await db
    .select()
    .from(subscriptions)
    .where(usable(accountId))
    .orderBy(asc(subscriptions.createdAt), asc(subscriptions.id))
    .limit(1);
  if (!row) return null;
  return {
    planId: row.planId,
    planName: findPlan(row.planId)?.name ?? `Plan ${row.planId}`,
    limit: row.quotaLimit,
    used: row.quotaUsed,
    periodStart: row.quotaPeriodStart,
    periodEnd: row.currentPeriodEnd,
  };
}
