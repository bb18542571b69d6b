/** GET /usage/products: per product, the calls and spend over a range and the plan's limit and what is left. */
import type { Db } from "@/lib/db/client";
import { generations } from "@/lib/db/schema/generation";
import { PRODUCT } from "@/lib/generation/start-generation";
import { type PlanQuotaStatus, planQuotaStatus } from "@/lib/subscriptions/quota";
import { type UsageFigures, usageColumns, ZERO } from "./aggregates";
import { inRange } from "./filters";
import type { UsageRange } from "./schemas";

const PRODUCTS = [
  {
    product: PRODUCT,
    name: "Image generation",
    endpoints: ["/api/v6/images/text2img", "/api/v7/images/text-to-image"],
  },
];

export interface ProductUsage {
  product: string;
  name: string;
  /** The routes that serve it. */
  endpoints: string[];
  figures: UsageFigures;
  models: Array<{ modelId: string; figures: UsageFigures }>;
  /** The active plan's quota (null without one). */
  plan: PlanQuotaStatus | null;
}

const add = (a: UsageFigures, b: UsageFigures): UsageFigures => ({
  requests: a.requests + b.requests,
  successful: a.successful + b.successful,
  failed: a.failed + b.failed,
  processing: a.processing + b.processing,
  images: a.images + b.images,
  chargedMinor: a.chargedMinor + b.chargedMinor,
  refundedMinor: a.refundedMinor + b.refundedMinor,
  quotaCalls: a.quotaCalls + b.quotaCalls,
});

export async function usageProducts(
  db: Db,
  input: { accountId: string } & UsageRange,
): Promise<ProductUsage[]> {
  const rows = await db
    .select({ product: generations.product, modelId: generations.modelId, ...usageColumns })
    .from(generations)
    .where(inRange(input.accountId, input))
    .groupBy(generations.product, generations.modelId)
    .orderBy(generations.product, generations.modelId);
  const plan = await planQuotaStatus(db, input.accountId);
  return PRODUCTS.map((p) => {
    const mine = rows.filter((r) => r.product === p.product);
    return {
      ...p,
      figures: mine.reduce(add, ZERO),
      models: mine.map(({ product: _, modelId, ...figures }) => ({ modelId, figures })),
      plan,
    };
  });
}
