import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type AccessToken, accessTokens } from "@/lib/db/schema";
import { isActiveToken } from "./active-token";

/** A token that still works, as its owner may see it: metadata only, never the secret or its hash. */
export type AccessTokenSummary = Pick<
  AccessToken,
  "id" | "name" | "scopes" | "expiry" | "expiresAt" | "lastUsedAt" | "createdAt" | "accountId"
> & {
  /** The token the request came with. */
  isCurrent: boolean;
};

/** The user's tokens that still work, newest first. */
export async function listAccessTokens(
  db: DbOrTx,
  input: { userId: string; currentTokenId: number },
): Promise<AccessTokenSummary[]> {
  const rows = await db
    .select()
    .from(accessTokens)
    .where(and(eq(accessTokens.userId, input.userId), isActiveToken()))
    .orderBy(desc(accessTokens.id));
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    scopes: t.scopes,
    expiry: t.expiry,
    expiresAt: t.expiresAt,
    lastUsedAt: t.lastUsedAt,
    createdAt: t.createdAt,
    accountId: t.accountId,
    isCurrent: t.id === input.currentTokenId,
  }));
}
