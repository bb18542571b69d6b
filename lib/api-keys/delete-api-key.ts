import { and, eq, isNull, sql } from "drizzle-orm";
import { forgetApiKeys } from "@/lib/auth/token-cache";
import type { DbOrTx } from "@/lib/db/client";
import { apiKeys } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { auditApiKey } from "./create-api-key";

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
    .returning({ id: apiKeys.id, name: apiKeys.name, last4: apiKeys.last4 });
  const [row] = deleted;
  if (!row) throw notFound("API key");
  await forgetApiKeys();
  await auditApiKey(db, input.accountId, row.id, "api_key.deleted", { name: row.name, last4: row.last4 });
}
