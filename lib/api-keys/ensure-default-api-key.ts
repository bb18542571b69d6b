import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { apiKeys } from "@/lib/db/schema";
import { auditApiKey, newApiKey } from "./create-api-key";

/**
 * Makes sure the account has a live default key. Returns the plaintext when this call created it,
 * and null when one already existed: only its hash is stored, so it can never be shown again.
 * Safe under races: a partial unique index allows one live default per account, and the loser's
 * insert does nothing.
 */
export async function ensureDefaultApiKey(
  db: DbOrTx,
  input: { accountId: string; userId: string },
): Promise<string | null> {
  const [existing] = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(
      and(eq(apiKeys.accountId, input.accountId), eq(apiKeys.isDefault, true), isNull(apiKeys.deletedAt)),
    );
  if (existing) return null;
  const { key, values } = newApiKey({
    ...input,
    name: "Default",
    notes: "Created when the account first signed in.",
    isDefault: true,
  });
  const inserted = await db
    .insert(apiKeys)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: apiKeys.id });
  const [row] = inserted;
  if (!row) return null;
  await auditApiKey(
    db,
    input.accountId,
    row.id,
    "api_key.created",
    { name: values.name, last4: values.last4, default: true },
    input.userId,
  );
  return key;
}
