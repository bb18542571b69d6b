/**
 * API keys and agents' access tokens as the dashboard shows them, from the domain's typed rows:
 * camelCase and ISO dates, so they travel as JSON (/dashboard/data) as well as from an action.
 */
import type { AccessTokenSummary } from "@/lib/auth/list-access-tokens";
import type { ApiKey } from "@/lib/db/schema";
import { maskSecret } from "@/lib/secrets/bearer-secrets";

const iso = (d: Date | null) => d?.toISOString() ?? null;

export interface ApiKeyData {
  id: number;
  name: string;
  /** Masked, except in the answer that created it (the only time it is shown). */
  key: string;
  notes: string | null;
  isDefault: boolean;
  lastUsedAt: string | null;
  createdAt: string;
}

export function apiKeyData(row: ApiKey, plaintext?: string): ApiKeyData {
  return {
    id: row.id,
    name: row.name,
    key: plaintext ?? maskSecret(row.prefix, row.last4),
    notes: row.notes,
    isDefault: row.isDefault,
    lastUsedAt: iso(row.lastUsedAt),
    createdAt: row.createdAt.toISOString(),
  };
}

export interface TokenData {
  id: number;
  name: string;
  scopes: string[];
  /** The lifetime asked for at sign-in (`never`, `1h`, …). */
  expiry: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  isCurrent: boolean;
}

export function tokenData(t: AccessTokenSummary): TokenData {
  return {
    id: t.id,
    name: t.name,
    scopes: t.scopes,
    expiry: t.expiry,
    expiresAt: iso(t.expiresAt),
    lastUsedAt: iso(t.lastUsedAt),
    createdAt: t.createdAt.toISOString(),
    isCurrent: t.isCurrent,
  };
}
