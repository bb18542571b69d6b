import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { accessTokens } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { isActiveToken } from "./active-token";
import { type IssuedAccessToken, issueAccessToken } from "./issue-access-token";
import { auditRevoked } from "./revoke-access-tokens";
import { forgetToken } from "./token-cache";
import { expiresAtFor, type TokenExpiry } from "./token-expiry";

/**
 * Rotates the calling token: revokes it and issues a successor with the same user, acting account
 * and scopes, in one transaction. Two concurrent refreshes of one token: exactly one wins, the other
 * gets 401 (the token it presented is gone).
 *
 * The successor never outlives its predecessor: asking for a later expiry (or `never`) keeps the
 * old token's expiry and label. Otherwise a leaked short-lived token could be refreshed into a
 * permanent one, and "expires in a week" would mean nothing. A shorter expiry is granted.
 */
export async function refreshAccessToken(
  db: Db,
  input: { tokenId: number; expiry: TokenExpiry; deviceName?: string | undefined },
): Promise<IssuedAccessToken> {
  const issued = await db.transaction(async (tx) => {
    const [old] = await tx
      .update(accessTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(accessTokens.id, input.tokenId), isActiveToken()))
      .returning();
    if (!old) throw new AppError("unauthenticated", "The access token is invalid, expired or revoked.");
    await auditRevoked(tx, old.userId, [old], "refreshed");
    const requested = expiresAtFor(input.expiry, new Date());
    const capped = old.expiresAt !== null && (requested === null || requested > old.expiresAt);
    return issueAccessToken(tx, {
      userId: old.userId,
      accountId: old.accountId,
      name: input.deviceName ?? old.name,
      expiry: capped ? (old.expiry as TokenExpiry) : input.expiry,
      expiresAt: capped ? old.expiresAt : requested,
      scopes: old.scopes,
    });
  });
  await forgetToken(input.tokenId);
  return issued;
}
