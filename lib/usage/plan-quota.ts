import type { DbOrTx } from "@/lib/db/client";
import { planQuotaStatus } from "@/lib/subscriptions/quota";

/** The plan's quota for the current period, in the API's words (null without a plan). */
export async function presentPlanQuota(db: DbOrTx, accountId: string) {
  const status = await planQuotaStatus(db, accountId);
  if (!status) return null;
  return {
    plan_id: status.planId,
    plan_name: status.planName,
    limit: status.limit,
    used: status.used,
    remaining: Math.max(0, status.limit - status.used),
    period_start: status.periodStart.toISOString(),
    period_end: status.periodEnd.toISOString(),
  };
}
