import { and, eq, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { accessTokens } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { isActiveToken } from "./active-token";

/**
 * Revokes one of the user's own active tokens. Someone else's token, an unknown id and an
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
}

/** Revokes every active token of the user (all acting accounts), optionally sparing one. Returns the count. */
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
  return revoked.length;
}
