/** Calls and net spend per UTC day over the last N days, zero-filled: the dashboard's usage chart. */
import { and, eq, gte, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { generations } from "@/lib/db/schema/generation";

const DAY_MS = 86_400_000;

export interface UsageDay {
  date: string;
  requests: number;
  images: number;
  /** Net wallet spend that day, in cents. */
  netMinor: number;
}

export async function dailyUsage(
  db: Db,
  input: { accountId: string; days: number; now?: Date },
): Promise<UsageDay[]> {
  const now = input.now ?? new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const first = new Date(today - (input.days - 1) * DAY_MS);
  const day = sql<string>`to_char(${generations.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const rows = await db
    .select({
      day,
      requests: sql`count(*)`.mapWith(Number),
      images:
        sql`coalesce(sum(${generations.samples}) filter (where ${generations.status} = 'success'), 0)`.mapWith(
          Number,
        ),
      netMinor: sql`coalesce(sum(${generations.chargedMinor} - ${generations.refundedMinor}), 0)`.mapWith(
        Number,
      ),
    })
    .from(generations)
    .where(and(eq(generations.accountId, input.accountId), gte(generations.createdAt, first)))
    .groupBy(day);
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return Array.from({ length: input.days }, (_, i) => {
    const date = new Date(first.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    const r = byDay.get(date);
    return { date, requests: r?.requests ?? 0, images: r?.images ?? 0, netMinor: r?.netMinor ?? 0 };
  });
}
