import { and, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { apiKeys } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

/**
 * Deletes a key: it stops authenticating at once. The row is kept (soft delete) so usage history
 * still names it. Deleting the default key leaves the account without one until the next login,
 * which mints a new default.
 */
export async function deleteApiKey(db: DbOrTx, input: { accountId: string; id: number }): Promise<void> {
  const deleted = await db
    .update(apiKeys)
    .set({ deletedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(apiKeys.id, input.id), eq(apiKeys.accountId, input.accountId), isNull(apiKeys.deletedAt)))
    .returning({ id: apiKeys.id });
  if (deleted.length === 0) throw notFound("API key");
}
