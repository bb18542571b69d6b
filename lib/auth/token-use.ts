/**
 * `last_used_at` of access tokens, written off the request path: a use that makes the stored time
 * more than a minute old is queued and written within a second, in one statement for every token
 * used meanwhile. A token's first use is still written at once by the caller, so a token list read
 * right after shows it as used.
 */
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { accessTokens } from "@/lib/db/schema";
import { log } from "@/lib/log";

const FLUSH_AFTER_MS = 1_000;
const globalKey = Symbol.for("onramp.tokenUse");
const g = globalThis as typeof globalThis & {
  [globalKey]?: { pending: Map<number, Date>; timer: NodeJS.Timeout | null };
};
const state = () => {
  g[globalKey] ??= { pending: new Map(), timer: null };
  return g[globalKey];
};

export function noteTokenUse(tokenId: number, at: Date): void {
  const s = state();
  s.pending.set(tokenId, at);
  if (s.timer) return;
  s.timer = setTimeout(() => void flushTokenUse(), FLUSH_AFTER_MS);
  s.timer.unref();
}

/** Writes every queued use now (the timer calls it; so may shutdown and tests). */
export async function flushTokenUse(): Promise<void> {
  const s = state();
  if (s.timer) clearTimeout(s.timer);
  s.timer = null;
  if (s.pending.size === 0) return;
  const batch = [...s.pending];
  s.pending.clear();
  const rows = sql.join(
    batch.map(([id, at]) => sql`(${id}::bigint, ${at.toISOString()}::timestamptz)`),
    sql`, `,
  );
  try {
    const db = await getDb();
    await db.execute(
      sql`update ${accessTokens} set last_used_at = greatest(${accessTokens.lastUsedAt}, v.at)
          from (values ${rows}) as v(id, at) where ${accessTokens.id} = v.id`,
    );
  } catch (error) {
    log().warn({ err: String(error) }, "could not record token use");
  }
}
