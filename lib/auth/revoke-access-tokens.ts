import { and, eq, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { accessTokens } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { isActiveToken } from "./active-token";
import { forgetToken, forgetTokensOfUser } from "./token-cache";

/**
 * Revokes one of the user's own active tokens (and forgets it in every instance's token cache). Someone else's token, an unknown id and an
 * already revoked or expired token all answer 404, so ids reveal nothing across accounts.
 */
export async function revokeAccessToken(
  db: DbOrTx,
  input: { userId: string; tokenId: number },
): Promise<void> {
  const revoked = await db
    .update(accessTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(accessTokens.id, input.tokenId), eq(accessTokens.userId, input.userId), isActiveToken()))
    .returning({ id: accessTokens.id });
  if (revoked.length === 0) throw notFound("Access token");
  await forgetToken(input.tokenId);
}

/**
 * Revokes every active token of the user (all acting accounts), optionally sparing one. Returns the
 * count. Inside a transaction the caller forgets the user's tokens again after the commit
 * (`forgetTokensOfUser`): a lookup before the commit still saw them active.
 */
export async function revokeUserTokens(
  db: DbOrTx,
  input: { userId: string; exceptTokenId?: number },
): Promise<number> {
  const revoked = await db
    .update(accessTokens)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(accessTokens.userId, input.userId),
        isActiveToken(),
        input.exceptTokenId === undefined ? undefined : ne(accessTokens.id, input.exceptTokenId),
      ),
    )
    .returning({ id: accessTokens.id });
  await forgetTokensOfUser(input.userId);
  return revoked.length;
}
