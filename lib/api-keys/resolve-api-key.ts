/**
 * Authenticates a generation-API key: null for malformed (no database lookup), unknown or deleted
 * keys, and keys whose maker is no longer a member of the key's account with the `generate` permission. last_used_at is written at most once a minute per key.
 */
import { and, eq } from "drizzle-orm";
import { can } from "@/lib/auth/permissions";
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
