/**
 * Daily series for the overview charts, straight from the ledger: the closing balance of each day
 * and the money spent on generation that day (usage net of its refunds). Days are UTC, like every timestamp
 * the API returns. Aggregated in SQL, so a wallet with many usage entries costs one row per day.
 */
import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { ledgerEntries } from "@/lib/db/schema/wallet";
import { ensureWallet } from "./ledger";

export interface DayPoint {
  /** YYYY-MM-DD (UTC). */
  day: string;
  balanceMinor: number;
  spentMinor: number;
  creditedMinor: number;
}

const DAY_MS = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export async function dailyActivity(
  db: Db,
  input: { accountId: string; days: number; now?: Date },
): Promise<DayPoint[]> {
  const wallet = await ensureWallet(db, input.accountId);
  const now = input.now ?? new Date();
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const start = new Date(todayStart - (input.days - 1) * DAY_MS);

  const [opening] = await db
    .select({ balance: ledgerEntries.balanceAfterMinor })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.walletId, wallet.id), lt(ledgerEntries.createdAt, start)))
    .orderBy(desc(ledgerEntries.seq))
    .limit(1);

  const day = sql<string>`to_char(${ledgerEntries.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const rows = await db
    .select({
      day,
      // Spend is generation usage net of its refunds; withdrawals and card refunds are not spending.
      spent: sql<string>`coalesce(sum(case when ${ledgerEntries.kind} in ('usage', 'usage_refund') then -${ledgerEntries.amountMinor} else 0 end), 0)`,
      credited: sql<string>`coalesce(sum(case when ${ledgerEntries.amountMinor} > 0 and ${ledgerEntries.kind} <> 'usage_refund' then ${ledgerEntries.amountMinor} else 0 end), 0)`,
      closing: sql<string>`(array_agg(${ledgerEntries.balanceAfterMinor} order by ${ledgerEntries.seq} desc))[1]`,
    })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.walletId, wallet.id), gte(ledgerEntries.createdAt, start)))
    .groupBy(day);

  const byDay = new Map(rows.map((r) => [r.day, r]));
  const points: DayPoint[] = [];
  let balance = opening?.balance ?? 0;
  for (let i = 0; i < input.days; i++) {
    const key = isoDay(new Date(start.getTime() + i * DAY_MS));
    const row = byDay.get(key);
    if (row) balance = Number(row.closing);
    points.push({
      day: key,
      balanceMinor: balance,
      spentMinor: Math.max(0, Number(row?.spent ?? 0)),
      creditedMinor: Number(row?.credited ?? 0),
    });
  }
  return points;
}
