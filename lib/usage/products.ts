/** GET /usage/products: per product, the calls and spend over a range and the plan's limit and what is left. */
import type { Db } from "@/lib/db/client";
import { generations } from "@/lib/db/schema/generation";
import { PRODUCT } from "@/lib/generation/start-generation";
import { costOf, usageColumns, ZERO } from "./aggregates";
import { inRange } from "./filters";
import { presentPlanQuota } from "./plan-quota";
import type { UsageRange } from "./schemas";

const PRODUCTS = [
  {
    product: PRODUCT,
    name: "Image generation",
    endpoints: ["/api/v6/images/text2img", "/api/v7/images/text-to-image"],
  },
];

export async function usageProducts(db: Db, input: { accountId: string } & UsageRange) {
  const rows = await db
    .select({ product: generations.product, modelId: generations.modelId, ...usageColumns })
    .from(generations)
    .where(inRange(input.accountId, input))
    .groupBy(generations.product, generations.modelId)
    .orderBy(generations.product, generations.modelId);
  const plan = await presentPlanQuota(db, input.accountId);
  return PRODUCTS.map((p) => {
    const mine = rows.filter((r) => r.product === p.product);
    const total = mine.reduce(
      (acc, r) => ({
        requests: acc.requests + r.requests,
        successful: acc.successful + r.successful,
        failed: acc.failed + r.failed,
        processing: acc.processing + r.processing,
        images: acc.images + r.images,
        chargedMinor: acc.chargedMinor + r.chargedMinor,
        refundedMinor: acc.refundedMinor + r.refundedMinor,
        quotaCalls: acc.quotaCalls + r.quotaCalls,
      }),
      ZERO,
    );
    return {
      ...p,
      requests: total.requests,
      successful: total.successful,
      failed: total.failed,
      images: total.images,
      cost: costOf(total),
      currency: "USD",
      plan_quota_calls: total.quotaCalls,
      limit: plan?.limit ?? null,
      used: plan?.used ?? null,
      remaining: plan?.remaining ?? null,
      period_start: plan?.period_start ?? null,
      period_end: plan?.period_end ?? null,
      models: mine.map((r) => ({
        model_id: r.modelId,
        requests: r.requests,
        images: r.images,
        cost: costOf(r),
      })),
    };
  });
}
