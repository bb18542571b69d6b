/**
 * Authenticates a generation-API key: null for malformed (no database lookup), unknown or deleted
 * keys, and keys whose maker is no longer a member of the key's account with the `generate`
 * permission. A key that resolved is remembered for a moment (lib/auth/api-key-cache.ts); every
 * path that deletes a key or changes its maker's membership forgets it. last_used_at is written at
 * most once a minute per key.
 */
import { and, eq } from "drizzle-orm";
import { apiKeyCacheEpoch, type CachedApiKey, cachedApiKey, rememberApiKey } from "@/lib/auth/api-key-cache";
import { can } from "@/lib/auth/permissions";
import { listeningForForgets } from "@/lib/auth/token-cache";
import type { DbOrTx } from "@/lib/db/client";
import { apiKeys, memberships } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { digestsEqual, sha256Hex } from "@/lib/secrets/bearer-secrets";
import { isWellFormedApiKey } from "./key-format";

export interface ResolvedApiKey {
  apiKeyId: number;
  accountId: string;
  userId: string;
  /** The key's name, for the audit trail. */
  name: string;
}

const LAST_USED_GRANULARITY_MS = 60_000;
/** Per-process memory of recent writes: a burst on one key all reads the same old timestamp. */
const recentlyWritten = new Map<number, number>();

export async function resolveApiKey(db: DbOrTx, key: string): Promise<ResolvedApiKey | null> {
  if (!isWellFormedApiKey(key)) return null;
  const digest = sha256Hex(key);
  const nowMs = Date.now();
  const hit = cachedApiKey(digest, nowMs);
  if (hit) {
    await recordUse(db, hit, nowMs);
    return resolvedOf(hit);
  }
  const epoch = apiKeyCacheEpoch();
  const listening = listeningForForgets();
  const [found] = await db
    .select({ key: apiKeys, role: memberships.role })
    .from(apiKeys)
    .leftJoin(
      memberships,
      and(eq(memberships.userId, apiKeys.userId), eq(memberships.accountId, apiKeys.accountId)),
    )
    .where(eq(apiKeys.keyHash, digest));
  const row = found?.key;
  if (!row || row.deletedAt || !digestsEqual(row.keyHash, digest)) return null;
  // A key spends as the member who made it: it stops when they leave the team or lose `generate`.
  if (!found.role || !can(found.role, "generate")) return null;
  const entry: CachedApiKey = {
    apiKeyId: row.id,
    accountId: row.accountId,
    userId: row.userId,
    name: row.name,
    lastUsedAtMs: row.lastUsedAt?.getTime() ?? null,
    storedAtMs: nowMs,
  };
  await recordUse(db, entry, nowMs);
  rememberApiKey(digest, entry, epoch, listening);
  return resolvedOf(entry);
}

const resolvedOf = (entry: CachedApiKey): ResolvedApiKey => ({
  apiKeyId: entry.apiKeyId,
  accountId: entry.accountId,
  userId: entry.userId,
  name: entry.name,
});

/** Moves last_used_at when the stored one is over a minute old and no request here just wrote it. */
async function recordUse(db: DbOrTx, entry: CachedApiKey, nowMs: number): Promise<void> {
  const stale = entry.lastUsedAtMs === null || nowMs - entry.lastUsedAtMs > LAST_USED_GRANULARITY_MS;
  const writtenAt = recentlyWritten.get(entry.apiKeyId) ?? 0;
  if (!stale || nowMs - writtenAt <= LAST_USED_GRANULARITY_MS) return;
  recentlyWritten.set(entry.apiKeyId, nowMs);
  if (recentlyWritten.size > 10_000) recentlyWritten.clear();
  entry.lastUsedAtMs = nowMs;
  await db
    .update(apiKeys)
    .set({ lastUsedAt: new Date(nowMs) })
    .where(eq(apiKeys.id, entry.apiKeyId))
    .catch((error: unknown) => log().warn({ err: String(error) }, "could not record API key use"));
}
