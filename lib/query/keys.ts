/**
 * TanStack Query keys and parameters of the dashboard's data, shared by the server (prefetch) and
 * the browser (its resource cache, invalidation). Client-safe and dependency-free: every dashboard
 * page that reads data imports this, so the parsing schema lives with the loaders instead.
 */

/** A page of the transactions table (lib/query/loaders.ts parses it from the query string). */
// A type, not an interface: resourceUrl takes it as a plain record of query parameters.
export type TransactionsParams = {
  type?: "credit" | "debit";
  offset: number;
  limit: number;
};
export const DEFAULT_TRANSACTIONS: TransactionsParams = { offset: 0, limit: 20 };

export const queryKeys = {
  wallet: ["wallet"] as const,
  cards: ["cards"] as const,
  paymentAttempts: ["payment-attempts"] as const,
  transactions: (params: TransactionsParams) => ["transactions", params] as const,
  transactionsAll: ["transactions"] as const,
  apiKeys: ["api-keys"] as const,
  tokens: ["tokens"] as const,
  subscriptions: ["subscriptions"] as const,
  team: ["team"] as const,
  approvals: ["approvals"] as const,
};

/** Resource names of /dashboard/data/{resource}. */
export type Resource =
  | "wallet"
  | "cards"
  | "payment-attempts"
  | "transactions"
  | "api-keys"
  | "tokens"
  | "subscriptions"
  | "team"
  | "approvals";

export function resourceUrl(
  resource: Resource,
  params?: Record<string, string | number | undefined>,
): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined) search.set(k, String(v));
  const qs = search.toString();
  return `/dashboard/data/${resource}${qs ? `?${qs}` : ""}`;
}
