/** Wire shape of a subscription (the contract's field names; ISO dates; USD decimals). */
import { minorToUsd } from "@/lib/money";
import { findPlan } from "./plans";
import type { SubscriptionRow } from "./sync";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * `paused` is a status to the contract; at Stripe a paused subscription stays `active` with its
 * collection paused (or is `paused` itself after a trial ended without a card).
 */
export function presentedStatus(row: SubscriptionRow): string {
  if (row.status === "paused") return "paused";
  if (row.pausedAt && ["active", "trialing", "past_due"].includes(row.status)) return "paused";
  return row.status;
}

export function presentSubscription(row: SubscriptionRow) {
  const plan = findPlan(row.planId);
  const remaining = Math.max(0, row.quotaLimit - row.quotaUsed);
  return {
    id: row.id,
    plan_id: row.planId,
    feature: row.category,
    category: row.category,
    plan: plan
      ? {
          id: plan.id,
          name: plan.name,
          period: plan.period,
          type: plan.type,
          price: minorToUsd(plan.priceMinor),
          currency: "USD",
        }
      : null,
    status: presentedStatus(row),
    stripe_status: row.status,
    stripe_subscription_id: row.stripeSubscriptionId,
    current_period_start: iso(row.currentPeriodStart),
    current_period_end: iso(row.currentPeriodEnd),
    cancel_at_period_end: row.cancelAtPeriodEnd,
    cancel_at: iso(row.cancelAt),
    canceled_at: iso(row.canceledAt),
    ended_at: iso(row.endedAt),
    paused_at: iso(row.pausedAt),
    usage: {
      api_call_limit: row.quotaLimit,
      api_calls_used: row.quotaUsed,
      api_calls_remaining: remaining,
      period_start: iso(row.quotaPeriodStart),
      period_end: iso(row.currentPeriodEnd),
    },
    default_payment_method: row.defaultPaymentMethodId,
    latest_invoice_id: row.latestInvoiceId,
    created_at: iso(row.createdAt),
  };
}

export type SubscriptionView = ReturnType<typeof presentSubscription>;
