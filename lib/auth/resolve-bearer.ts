/**
 * The door kit's bearer hook: turns `Authorization: Bearer {id}|{secret}` into a Principal, or null
 * when the token is malformed (no database lookup), unknown, revoked, expired, its user is not
 * verified, or its user is no longer a member of the account it acts for (a removed team member's
 * tokens die with the membership). Nothing is cached, so a revocation takes effect on the very next
 * request.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { accessTokens, memberships, users } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { digestsEqual, sha256Hex } from "@/lib/secrets/bearer-secrets";
import { parseAccessToken } from "./access-token-format";
import type { Principal } from "./principal";

/** last_used_at is informational: one write per token per minute is plenty. */
const LAST_USED_GRANULARITY_MS = 60_000;

export async function resolveBearerToken(db: Db, token: string): Promise<Principal | null> {
  const parsed = parseAccessToken(token);
  if (!parsed) return null;
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
    .where(eq(accessTokens.id, parsed.id));
  if (!row || !digestsEqual(row.tokenHash, sha256Hex(parsed.secret))) return null;
  const now = new Date();
  if (row.revokedAt || (row.expiresAt && row.expiresAt <= now) || !row.verifiedAt) return null;

  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await db
      .update(accessTokens)
      .set({ lastUsedAt: now })
      .where(eq(accessTokens.id, row.id))
      .catch((error: unknown) => log().warn({ err: String(error) }, "could not record token use"));
  }
  return {
    userId: row.userId,
    accountId: row.accountId,
    tokenId: String(row.id),
    tokenName: row.name,
    scopes: row.scopes,
    role: row.role,
  };
}
