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

/** Creates a key for the account and returns the only copy of its plaintext. */
export async function createApiKey(
  db: DbOrTx,
  input: CreateApiKeyInput,
): Promise<{ row: ApiKey; key: string }> {
  const { key, values } = newApiKey(input);
  const [row] = await db.insert(apiKeys).values(values).returning();
  if (!row) throw new Error("api key insert returned no row");
  return { row, key };
}
