/**
 * Settles generations left `processing` with nobody asking: a crash between the debit and the
 * provider's answer, or an agent that never fetched a queued result. Each is polled once more (the
 * built-in provider re-renders; upstream is asked again), and one still unfinished after
 * MAX_PROCESSING_MS is failed and refunded, so no payment stays in limbo. Meant to run on a timer
 * at boot; safe on several instances at once (every transition is guarded).
 */
import { and, asc, eq, lt } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { generations } from "@/lib/db/schema/generation";
import { advance, failGeneration } from "./lifecycle";
import { providerOf } from "./providers";

export const SWEEP_AFTER_MS = 10 * 60_000;
export const MAX_PROCESSING_MS = 60 * 60_000;

export async function settleStaleGenerations(
  db: Db,
  options: { now?: Date; olderThanMs?: number; limit?: number } = {},
): Promise<{ checked: number; failed: number }> {
  const now = options.now ?? new Date();
  const rows = await db
    .select()
    .from(generations)
    .where(
      and(
        eq(generations.status, "processing"),
        lt(generations.createdAt, new Date(now.getTime() - (options.olderThanMs ?? SWEEP_AFTER_MS))),
      ),
    )
    .orderBy(asc(generations.createdAt))
    .limit(options.limit ?? 100);
  let failed = 0;
  for (const row of rows) {
    const settled =
      now.getTime() - row.createdAt.getTime() > MAX_PROCESSING_MS
        ? await failGeneration(db, row.id, "the provider did not finish within an hour")
        : await advance(db, row, providerOf(row), "poll");
    if (settled.status === "error") failed++;
  }
  return { checked: rows.length, failed };
}
