/**
 * What a plan change will cost, shown before the person confirms. Stripe prorates to the second
 * when the change happens; this estimate uses the same rule (`always_invoice`): the unused part of
 * the current period is credited, the new plan is charged for the same remaining part, or — when
 * the billing interval changes — for a fresh period starting now.
 */
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { prorateMinor } from "@/lib/money";
import { findPlan, type Plan, purchasablePlan } from "./plans";
import { findOwnSubscription } from "./queries";

export interface ChangeEstimate {
  dueNowMinor: number;
  creditMinor: number;
  restartsPeriod: boolean;
  nextRenewalAt: Date;
  nextRenewalMinor: number;
}

/** One billing period after `at`, as Stripe counts it: the same day of the month, or the month's last day. */
function onePeriodAfter(at: Date, period: Plan["period"]): Date {
  const months = period === "yearly" ? 12 : 1;
  const target = new Date(at);
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(at.getUTCDate(), lastDay));
  return target;
}

export function estimatePlanChange(input: {
  current: Plan;
  next: Plan;
  periodStart: Date;
  periodEnd: Date;
  now: Date;
}): ChangeEstimate {
  const total = Math.max(1, input.periodEnd.getTime() - input.periodStart.getTime());
  const remaining = Math.min(total, Math.max(0, input.periodEnd.getTime() - input.now.getTime()));
  const fraction = remaining / total;
  const unused = prorateMinor(input.current.priceMinor, fraction);
  const restartsPeriod = input.current.period !== input.next.period;
  const newCharge = restartsPeriod ? input.next.priceMinor : prorateMinor(input.next.priceMinor, fraction);
  const net = newCharge - unused;
  return {
    dueNowMinor: Math.max(0, net),
    creditMinor: Math.max(0, -net),
    restartsPeriod,
    nextRenewalAt: restartsPeriod ? onePeriodAfter(input.now, input.next.period) : input.periodEnd,
    nextRenewalMinor: input.next.priceMinor,
  };
}

/** What moving one subscription to another plan would cost now. */
export interface PlanChangePreview extends ChangeEstimate {
  subscriptionId: number;
  fromPlan: Plan;
  toPlan: Plan;
}

/** The estimate for one of the account's subscriptions (another account's is a 404). */
export async function previewPlanChange(
  db: Db,
  input: { accountId: string; subscriptionId: number; newPlanId: number; now?: Date },
): Promise<PlanChangePreview> {
  const row = await findOwnSubscription(db, input.accountId, input.subscriptionId);
  const next = purchasablePlan(input.newPlanId, "new_plan_id");
  const current = findPlan(row.planId);
  if (!current) throw new AppError("conflict", `Subscription ${row.id} is on a plan that no longer exists.`);
  if (next.category !== current.category) {
    throw new AppError(
      "validation_error",
      "new_plan_id: must be a plan of the same kind as the current one.",
      {
        details: { new_plan_id: ["must be a plan of the same kind as the current one"] },
      },
    );
  }
  const estimate = estimatePlanChange({
    current,
    next,
    periodStart: row.currentPeriodStart,
    periodEnd: row.currentPeriodEnd,
    now: input.now ?? new Date(),
  });
  return { subscriptionId: row.id, fromPlan: current, toPlan: next, ...estimate };
}
