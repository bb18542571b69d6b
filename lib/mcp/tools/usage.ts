/** `agent-usage`: calls and spend (/usage/*). Read-only. */
import {
  presentProductUsage,
  presentUsageDay,
  presentUsageItem,
  presentUsageSummary,
} from "@/lib/http/present/usage";
import { dailyUsage } from "@/lib/usage/daily";
import { usageHistory } from "@/lib/usage/history";
import { usageProducts } from "@/lib/usage/products";
import { usageDailyQuerySchema, usageHistoryQuerySchema, usageRangeQuerySchema } from "@/lib/usage/schemas";
import { usageSummary } from "@/lib/usage/summary";
import { action, type McpTool } from "../action";

export const usageTool: McpTool = {
  name: "agent-usage",
  title: "Usage",
  description:
    "Calls and spend: a summary with the plan's quota and the wallet, per product, the request history, per day.",
  actions: {
    summary: action({
      http: "GET /usage/summary",
      description: "Calls and spend (optionally from/to, YYYY-MM-DD), the plan's quota and the wallet.",
      auth: true,
      limiter: "general",
      scope: "usage:read",
      input: usageRangeQuerySchema,
      run: async ({ db, principal, input }) =>
        presentUsageSummary(await usageSummary(db, { accountId: principal.accountId, ...input })),
    }),
    products: action({
      http: "GET /usage/products",
      description: "Per product: calls, spend, the plan's limit and what remains.",
      auth: true,
      limiter: "general",
      scope: "usage:read",
      input: usageRangeQuerySchema,
      run: async ({ db, principal, input }) =>
        (await usageProducts(db, { accountId: principal.accountId, ...input })).map(presentProductUsage),
    }),
    history: action({
      http: "GET /usage/history",
      description: "Generation requests, newest first (from, to, limit 1–200).",
      auth: true,
      limiter: "general",
      scope: "usage:read",
      input: usageHistoryQuerySchema,
      run: async ({ db, principal, input }) =>
        (await usageHistory(db, { accountId: principal.accountId, ...input })).map(presentUsageItem),
    }),
    daily: action({
      http: "GET /usage/daily",
      description: "Calls and spend per UTC day (days, default 30).",
      auth: true,
      limiter: "general",
      scope: "usage:read",
      input: usageDailyQuerySchema,
      run: async ({ db, principal, input }) =>
        (await dailyUsage(db, { accountId: principal.accountId, days: input.days })).map(presentUsageDay),
    }),
  },
};
