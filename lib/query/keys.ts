/**
 * TanStack Query keys and parameters of the dashboard's data, shared by the server (prefetch) and
 * the browser (useQuery, invalidation). Client-safe: zod only.
 */
import { z } from "zod";

export const transactionsParams = z.object({
  type: z.enum(["credit", "debit"]).optional().catch(undefined),
  offset: z.coerce.number().int().min(0).max(1_000_000).catch(0).default(0),
  limit: z.coerce.number().int().min(1).max(100).catch(20).default(20),
});
export type TransactionsParams = z.infer<typeof transactionsParams>;
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
