import { and, eq, isNull, sql } from "drizzle-orm";
import { forgetApiKeys } from "@/lib/auth/token-cache";
import type { DbOrTx } from "@/lib/db/client";
import { type ApiKey, apiKeys } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { auditApiKey } from "./create-api-key";

/** Renames a key or edits its notes (`notes: null` clears them). The secret never changes. */
export async function updateApiKey(
  db: DbOrTx,
  input: { accountId: string; id: number; name?: string | undefined; notes?: string | null | undefined },
): Promise<ApiKey> {
  const [row] = await db
    .update(apiKeys)
    .set({
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.notes === undefined ? {} : { notes: input.notes }),
      updatedAt: sql`now()`,
    })
    .where(and(eq(apiKeys.id, input.id), eq(apiKeys.accountId, input.accountId), isNull(apiKeys.deletedAt)))
    .returning();
  if (!row) throw notFound("API key");
  // The name is the audit trail's label for what the key does next.
  await forgetApiKeys();
  await auditApiKey(db, row.accountId, row.id, "api_key.updated", {
    name: row.name,
    changed: [...(input.name === undefined ? [] : ["name"]), ...(input.notes === undefined ? [] : ["notes"])],
  });
  return row;
}
