/**
 * A subscription as the dashboard shows it, from the domain's typed row: cents, the contract's
 * status and ISO dates, so it can travel as JSON (/dashboard/data) as well as from an action.
 */
import { findPlan, type PlanPeriod } from "@/lib/subscriptions/plans";
import { subscriptionStatusOf } from "@/lib/subscriptions/state";
import type { SubscriptionRow } from "@/lib/subscriptions/sync";

export interface SubscriptionData {
  id: number;
  planId: number;
  category: string;
  /** Null for a plan no longer in the catalogue. */
  plan: { name: string; period: PlanPeriod; priceMinor: number } | null;
  /** `paused` while collection is paused, otherwise Stripe's status. */
  status: string;
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: string;
  callsUsed: number;
  callLimit: number;
}

export function subscriptionData(row: SubscriptionRow): SubscriptionData {
  const plan = findPlan(row.planId);
  return {
    id: row.id,
    planId: row.planId,
    category: row.category,
    plan: plan ? { name: plan.name, period: plan.period, priceMinor: plan.priceMinor } : null,
    status: subscriptionStatusOf(row),
    cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    currentPeriodEnd: row.currentPeriodEnd.toISOString(),
    callsUsed: row.quotaUsed,
    callLimit: row.quotaLimit,
  };
}
