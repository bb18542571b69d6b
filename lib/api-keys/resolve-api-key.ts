/**
 * Authenticates a generation-API key: null for malformed (no database lookup), unknown or deleted
 * keys. last_used_at is written at most once a minute per key.
 */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { apiKeys } from "@/lib/db/schema";
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
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, digest));
  if (!row || row.deletedAt || !digestsEqual(row.keyHash, digest)) return null;
  const now = new Date();
  const stale = !row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS;
  const writtenAt = recentlyWritten.get(row.id) ?? 0;
  if (stale && now.getTime() - writtenAt > LAST_USED_GRANULARITY_MS) {
    recentlyWritten.set(row.id, now.getTime());
    if (recentlyWritten.size > 10_000) recentlyWritten.clear();
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(eq(apiKeys.id, row.id))
      .catch((error: unknown) => log().warn({ err: String(error) }, "could not record API key use"));
  }
  return { apiKeyId: row.id, accountId: row.accountId, userId: row.userId, name: row.name };
}
