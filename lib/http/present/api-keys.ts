/** The API-key routes' wire shape. */
import type { ApiKey } from "@/lib/db/schema";
import { maskSecret } from "@/lib/secrets/bearer-secrets";

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** `key` is masked unless the caller holds the plaintext (at creation only). */
export function presentApiKey(row: ApiKey, plaintext?: string) {
  return {
    id: row.id,
    name: row.name,
    key: plaintext ?? maskSecret(row.prefix, row.last4),
    notes: row.notes,
    is_default: row.isDefault,
    last_used_at: iso(row.lastUsedAt),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
