/** The usage API's wire shapes: calls and spend in USD, the plan's quota, ISO dates. */
import type { Generation } from "@/lib/db/schema/generation";
import { minorToUsd } from "@/lib/money";
import type { PlanQuotaStatus } from "@/lib/subscriptions/quota";
import { netSpendMinor } from "@/lib/usage/aggregates";
import type { UsageDay } from "@/lib/usage/daily";
import type { ProductUsage } from "@/lib/usage/products";
import type { UsageSummary } from "@/lib/usage/summary";

/** The plan's quota for the current period, in the API's words (null without a plan). */
export function presentPlanQuota(status: PlanQuotaStatus | null) {
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

/** `GET /usage/summary`. `to` is the range's last instant (its end is exclusive inside). */
export function presentUsageSummary(summary: UsageSummary) {
  const { range, figures, wallet } = summary;
  return {
    period: {
      from: range.from?.toISOString() ?? null,
      to: range.before ? new Date(range.before.getTime() - 1).toISOString() : null,
    },
    total_calls: figures.requests,
    successful_calls: figures.successful,
    failed_calls: figures.failed,
    processing_calls: figures.processing,
    images_generated: figures.images,
    plan_quota_calls: figures.quotaCalls,
    credits_used: minorToUsd(netSpendMinor(figures)),
    credits_charged: minorToUsd(figures.chargedMinor),
    credits_refunded: minorToUsd(figures.refundedMinor),
    credits_remaining: minorToUsd(wallet.balanceMinor),
    currency: "USD",
    wallet: { balance: minorToUsd(wallet.balanceMinor), currency: wallet.currency },
    plan: presentPlanQuota(summary.plan),
  };
}

/** One row of `GET /usage/history`. */
export function presentUsageItem(g: Generation) {
  return {
    id: g.id,
    type: g.endpoint,
    product: g.product,
    endpoint: `/api/${g.api}/images/${g.endpoint}`,
    model_id: g.modelId,
    status: g.status,
    cost: minorToUsd(g.chargedMinor - g.refundedMinor),
    charged: minorToUsd(g.chargedMinor),
    refunded: minorToUsd(g.refundedMinor),
    price: minorToUsd(g.priceMinor),
    currency: "USD",
    funded_by: g.fundedBy,
    images: g.samples,
    width: g.width,
    height: g.height,
    output: g.output,
    error: g.error,
    created_at: g.createdAt.toISOString(),
    completed_at: g.completedAt?.toISOString() ?? null,
  };
}

/** One product of `GET /usage/products`. */
export function presentProductUsage(usage: ProductUsage) {
  const { figures } = usage;
  const plan = presentPlanQuota(usage.plan);
  return {
    product: usage.product,
    name: usage.name,
    endpoints: usage.endpoints,
    requests: figures.requests,
    successful: figures.successful,
    failed: figures.failed,
    images: figures.images,
    cost: minorToUsd(netSpendMinor(figures)),
    currency: "USD",
    plan_quota_calls: figures.quotaCalls,
    limit: plan?.limit ?? null,
    used: plan?.used ?? null,
    remaining: plan?.remaining ?? null,
    period_start: plan?.period_start ?? null,
    period_end: plan?.period_end ?? null,
    models: usage.models.map((m) => ({
      model_id: m.modelId,
      requests: m.figures.requests,
      images: m.figures.images,
      cost: minorToUsd(netSpendMinor(m.figures)),
    })),
  };
}

/** One day of `GET /usage/daily`. */
export const presentUsageDay = (day: UsageDay) => ({
  date: day.date,
  requests: day.requests,
  images: day.images,
  cost: minorToUsd(day.netMinor),
});
