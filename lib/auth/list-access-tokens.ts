import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { accessTokens } from "@/lib/db/schema";
import { isActiveToken } from "./active-token";

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The user's tokens that still work, newest first. Secrets are never listed: only ids and metadata. */
export async function listAccessTokens(db: DbOrTx, input: { userId: string; currentTokenId: number }) {
  const rows = await db
    .select()
    .from(accessTokens)
    .where(and(eq(accessTokens.userId, input.userId), isActiveToken()))
    .orderBy(desc(accessTokens.id));
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    scopes: t.scopes,
    token_expiry: t.expiry,
    expires_at: iso(t.expiresAt),
    last_used_at: iso(t.lastUsedAt),
    created_at: t.createdAt.toISOString(),
    account_id: t.accountId,
    is_current: t.id === input.currentTokenId,
  }));
}
