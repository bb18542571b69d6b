/** GET /usage/history: the account's generation requests, newest first. */
import { desc } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { type Generation, generations } from "@/lib/db/schema/generation";
import { minorToUsd } from "@/lib/money";
import { inRange } from "./filters";
import type { UsageRange } from "./schemas";

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

export async function usageHistory(db: Db, input: { accountId: string; limit: number } & UsageRange) {
  const rows = await db
    .select()
    .from(generations)
    .where(inRange(input.accountId, input))
    .orderBy(desc(generations.createdAt), desc(generations.id))
    .limit(input.limit);
  return rows.map(presentUsageItem);
}
