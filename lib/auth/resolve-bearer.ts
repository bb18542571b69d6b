/**
 * The door kit's bearer hook: turns `Authorization: Bearer {id}|{secret}` into a Principal, or null
 * when the token is malformed (no database lookup), unknown, revoked, expired, its user is not
 * verified, or its user is no longer a member of the account it acts for (a removed team member's
 * tokens die with the membership). A token that resolved is remembered for a moment (token-cache.ts),
 * and every revocation path forgets it, so a revocation still takes effect on the very next request.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { accessTokens, memberships, users } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { digestsEqual, sha256Hex } from "@/lib/secrets/bearer-secrets";
import { parseAccessToken } from "./access-token-format";
import type { Principal } from "./principal";
import { type CachedToken, cachedToken, cacheEpoch, remember } from "./token-cache";
import { noteTokenUse } from "./token-use";

/** last_used_at is informational: one write per token per minute is plenty. */
const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * Lookups under way in this process, by token id, secret digest and cache epoch. A burst of
 * requests with one token that is not remembered yet (an agent's 100 retries at once, or its first
 * calls) shares one read and one first-use write instead of queueing 100 of each for the pool and
 * for that token's row lock, which starved every other query of connections (503s). Keyed by the
 * epoch: a request that arrives after a revocation never joins a lookup begun before it.
 */
const inFlight = new Map<string, Promise<Principal | null>>();

export async function resolveBearerToken(db: Db, token: string): Promise<Principal | null> {
  const parsed = parseAccessToken(token);
  if (!parsed) return null;
  const now = Date.now();
  const digest = sha256Hex(parsed.secret);
  const hit = cachedToken(parsed.id, now);
  // A different secret for a remembered id is checked against the database like any other.
  if (hit && digestsEqual(hit.tokenHash, digest)) {
    markUsed(parsed.id, hit, now);
    // A copy: nothing a request does to its principal may reach the next request.
    return { ...hit.principal, scopes: [...hit.principal.scopes] };
  }
  const epoch = cacheEpoch();
  const flightKey = `${parsed.id}:${digest}:${epoch}`;
  let lookup = inFlight.get(flightKey);
  if (!lookup) {
    lookup = lookUp(db, parsed.id, digest, now, epoch).finally(() => inFlight.delete(flightKey));
    inFlight.set(flightKey, lookup);
  }
  const principal = await lookup;
  return principal && { ...principal, scopes: [...principal.scopes] };
}

async function lookUp(
  db: Db,
  tokenId: number,
  digest: string,
  now: number,
  epoch: number,
): Promise<Principal | null> {
  const [row] = await db
    .select({
      id: accessTokens.id,
      name: accessTokens.name,
      userId: accessTokens.userId,
      accountId: accessTokens.accountId,
      tokenHash: accessTokens.tokenHash,
      scopes: accessTokens.scopes,
      expiresAt: accessTokens.expiresAt,
      revokedAt: accessTokens.revokedAt,
      lastUsedAt: accessTokens.lastUsedAt,
      verifiedAt: users.verifiedAt,
      role: memberships.role,
    })
    .from(accessTokens)
    .innerJoin(users, eq(users.id, accessTokens.userId))
    .innerJoin(
      memberships,
      and(eq(memberships.userId, accessTokens.userId), eq(memberships.accountId, accessTokens.accountId)),
    )
    .where(eq(accessTokens.id, tokenId));
  if (!row || !digestsEqual(row.tokenHash, digest)) return null;
  if (row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now) || !row.verifiedAt) return null;

  const principal: Principal = {
    userId: row.userId,
    accountId: row.accountId,
    tokenId: String(row.id),
    tokenName: row.name,
    scopes: row.scopes,
    role: row.role,
  };
  const entry: CachedToken = {
    tokenHash: row.tokenHash,
    principal,
    expiresAtMs: row.expiresAt?.getTime() ?? null,
    lastUsedAtMs: row.lastUsedAt?.getTime() ?? null,
    storedAtMs: now,
  };
  if (entry.lastUsedAtMs === null) {
    // The first use is written at once: a token list read right after shows the token as used.
    entry.lastUsedAtMs = now;
    await db
      .update(accessTokens)
      .set({ lastUsedAt: new Date(now) })
      .where(eq(accessTokens.id, row.id))
      .catch((error: unknown) => log().warn({ err: String(error) }, "could not record token use"));
  } else {
    markUsed(row.id, entry, now);
  }
  remember(row.id, entry, epoch);
  return principal;
}

/** Later uses move last_used_at at most once a minute, written off the request path. */
function markUsed(tokenId: number, entry: CachedToken, now: number): void {
  if (entry.lastUsedAtMs !== null && now - entry.lastUsedAtMs <= LAST_USED_GRANULARITY_MS) return;
  entry.lastUsedAtMs = now;
  noteTokenUse(tokenId, new Date(now));
}
