import { recordAudit } from "@/lib/audit/audit-log";
import type { DbOrTx } from "@/lib/db/client";
import { type ApiKey, apiKeys } from "@/lib/db/schema";
import { sha256Hex } from "@/lib/secrets/bearer-secrets";
import { API_KEY_PREFIX, mintApiKey } from "./key-format";

export interface CreateApiKeyInput {
  accountId: string;
  userId: string;
  name: string;
  notes?: string | null | undefined;
}

/** A fresh key and the row that stores it (hash, prefix and last four only). */
export function newApiKey(input: CreateApiKeyInput & { isDefault?: boolean }) {
  const key = mintApiKey();
  const values: typeof apiKeys.$inferInsert = {
    accountId: input.accountId,
    userId: input.userId,
    name: input.name,
    notes: input.notes ?? null,
    prefix: API_KEY_PREFIX,
    last4: key.slice(-4),
    keyHash: sha256Hex(key),
    isDefault: input.isDefault ?? false,
  };
  return { key, values };
}

/** A key's audit entry (name and last four, never the key). */
export async function auditApiKey(
  db: DbOrTx,
  accountId: string,
  id: number,
  action: string,
  data: Record<string, unknown>,
  onBehalfOf?: string,
): Promise<void> {
  await recordAudit(db, {
    accountId,
    action,
    targetType: "api_key",
    targetId: String(id),
    data,
    ...(onBehalfOf ? { onBehalfOf: { userId: onBehalfOf } } : {}),
  });
}

/** Creates a key for the account and returns the only copy of its plaintext. */
export async function createApiKey(
  db: DbOrTx,
  input: CreateApiKeyInput,
): Promise<{ row: ApiKey; key: string }> {
  const { key, values } = newApiKey(input);
  const [row] = await db.insert(apiKeys).values(values).returning();
  if (!row) throw new Error("api key insert returned no row");
  await auditApiKey(db, row.accountId, row.id, "api_key.created", { name: row.name, last4: row.last4 });
  return { row, key };
}
