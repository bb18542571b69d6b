import { and, desc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type ApiKey, apiKeys } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

/** The account's live keys, newest first. */
export function listApiKeys(db: DbOrTx, accountId: string): Promise<ApiKey[]> {
  return db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.accountId, accountId), isNull(apiKeys.deletedAt)))
    .orderBy(desc(apiKeys.id));
}

/** A live key of the account; another account's key is indistinguishable from a missing one (404). */
export async function getApiKeyOrThrow(
  db: DbOrTx,
  input: { accountId: string; id: number },
): Promise<ApiKey> {
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, input.id), eq(apiKeys.accountId, input.accountId), isNull(apiKeys.deletedAt)));
  if (!row) throw notFound("API key");
  return row;
}
