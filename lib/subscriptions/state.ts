/** What a subscription is, in the contract's words, beyond the mirror row Stripe's status fills. */
import { findPlan, type Plan } from "./plans";
import type { SubscriptionRow } from "./sync";

/**
 * `paused` is a status to the contract; at Stripe a paused subscription stays `active` with its
 * collection paused (or is `paused` itself after a trial ended without a card).
 */
export function subscriptionStatusOf(row: SubscriptionRow): string {
  if (row.status === "paused") return "paused";
  if (row.pausedAt && ["active", "trialing", "past_due"].includes(row.status)) return "paused";
  return row.status;
}

/** A subscription with the plan it is on (null for a plan id no longer in the catalogue). */
export type SubscriptionWithPlan = SubscriptionRow & { plan: Plan | null };

export const withPlan = (row: SubscriptionRow): SubscriptionWithPlan => ({
  ...row,
  plan: findPlan(row.planId) ?? null,
});
