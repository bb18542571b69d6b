import { and, eq, ne, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/audit-log";
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
    .returning({ id: accessTokens.id, accountId: accessTokens.accountId, name: accessTokens.name });
  if (revoked.length === 0) throw notFound("Access token");
  await auditRevoked(db, input.userId, revoked, "revoked");
  await forgetToken(input.tokenId);
}

/**
 * Revokes every active token of the user (all acting accounts), optionally sparing one. Returns the
 * count. Inside a transaction the caller forgets the user's tokens again after the commit
 * (`forgetTokensOfUser`): a lookup before the commit still saw them active.
 */
export async function revokeUserTokens(
  db: DbOrTx,
  input: { userId: string; exceptTokenId?: number; reason?: string },
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
    .returning({ id: accessTokens.id, accountId: accessTokens.accountId, name: accessTokens.name });
  await auditRevoked(
    db,
    input.userId,
    revoked,
    input.reason ?? (input.exceptTokenId === undefined ? "all_revoked" : "others_revoked"),
  );
  await forgetTokensOfUser(input.userId);
  return revoked.length;
}

/** One entry per token, in the account it acted for (a user's tokens may act for several). */
export async function auditRevoked(
  db: DbOrTx,
  userId: string,
  tokens: Array<{ id: number; accountId: string; name: string }>,
  reason: string,
): Promise<void> {
  for (const token of tokens) {
    await recordAudit(db, {
      accountId: token.accountId,
      action: "token.revoked",
      targetType: "access_token",
      targetId: String(token.id),
      data: { name: token.name, user_id: userId, reason },
      onBehalfOf: { userId },
    });
  }
}
