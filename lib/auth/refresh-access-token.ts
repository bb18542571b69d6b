import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { accessTokens } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { isActiveToken } from "./active-token";
import { type IssuedAccessToken, issueAccessToken } from "./issue-access-token";
import type { TokenExpiry } from "./token-expiry";

/**
 * Rotates the calling token: revokes it and issues a successor with the same user, acting account
 * and scopes, in one transaction. Two concurrent refreshes of one token: exactly one wins, the other
 * gets 401 (the token it presented is gone).
 */
export async function refreshAccessToken(
  db: Db,
  input: { tokenId: number; expiry: TokenExpiry; deviceName?: string | undefined },
): Promise<IssuedAccessToken> {
  return db.transaction(async (tx) => {
    const [old] = await tx
      .update(accessTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(accessTokens.id, input.tokenId), isActiveToken()))
      .returning();
    if (!old) throw new AppError("unauthenticated", "The access token is invalid, expired or revoked.");
    return issueAccessToken(tx, {
      userId: old.userId,
      accountId: old.accountId,
      name: input.deviceName ?? old.name,
      expiry: input.expiry,
      scopes: old.scopes,
    });
  });
}
