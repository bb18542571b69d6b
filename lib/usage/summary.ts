/** GET /usage/summary: calls and spend over a range, the plan's quota, and the wallet. */
import type { Db } from "@/lib/db/client";
import { generations } from "@/lib/db/schema/generation";
import { type PlanQuotaStatus, planQuotaStatus } from "@/lib/subscriptions/quota";
import { ensureWallet } from "@/lib/wallet/ledger";
import { type UsageFigures, usageColumns, ZERO } from "./aggregates";
import { inRange } from "./filters";
import type { UsageRange } from "./schemas";

export interface UsageSummary {
  range: UsageRange;
  figures: UsageFigures;
  wallet: { balanceMinor: number; currency: string };
  /** Null without an active plan. */
  plan: PlanQuotaStatus | null;
}

export async function usageSummary(db: Db, input: { accountId: string } & UsageRange): Promise<UsageSummary> {
  const [figures = ZERO] = await db
    .select(usageColumns)
    .from(generations)
    .where(inRange(input.accountId, input));
  const wallet = await ensureWallet(db, input.accountId);
  const plan = await planQuotaStatus(db, input.accountId);
  return {
    range: { from: input.from, before: input.before },
    figures,
    wallet: { balanceMinor: wallet.balanceMinor, currency: wallet.currency },
    plan,
  };
}
