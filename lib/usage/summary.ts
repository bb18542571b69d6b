/** GET /usage/summary: calls and spend over a range, the plan's quota, and the wallet. */
import type { Db } from "@/lib/db/client";
import { generations } from "@/lib/db/schema/generation";
import { minorToUsd } from "@/lib/money";
import { ensureWallet } from "@/lib/wallet/ledger";
import { costOf, usageColumns, ZERO } from "./aggregates";
import { inRange } from "./filters";
import { presentPlanQuota } from "./plan-quota";
import type { UsageRange } from "./schemas";

export async function usageSummary(db: Db, input: { accountId: string } & UsageRange) {
  const [figures = ZERO] = await db
    .select(usageColumns)
    .from(generations)
    .where(inRange(input.accountId, input));
  const wallet = await ensureWallet(db, input.accountId);
  const plan = await presentPlanQuota(db, input.accountId);
  return {
    period: {
      from: input.from?.toISOString() ?? null,
      to: input.before ? new Date(input.before.getTime() - 1).toISOString() : null,
    },
    total_calls: figures.requests,
    successful_calls: figures.successful,
    failed_calls: figures.failed,
    processing_calls: figures.processing,
    images_generated: figures.images,
    plan_quota_calls: figures.quotaCalls,
    credits_used: costOf(figures),
    credits_charged: minorToUsd(figures.chargedMinor),
    credits_refunded: minorToUsd(figures.refundedMinor),
    credits_remaining: minorToUsd(wallet.balanceMinor),
    currency: "USD",
    wallet: { balance: minorToUsd(wallet.balanceMinor), currency: wallet.currency },
    plan,
  };
}
