import type { ApiKey } from "@/lib/db/schema";
import { maskSecret } from "@/lib/secrets/bearer-secrets";

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The API shape of a key. `key` is masked unless the caller holds the plaintext (at creation only). */
export function apiKeyView(row: ApiKey, plaintext?: string) {
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

export type ApiKeyView = ReturnType<typeof apiKeyView>;
