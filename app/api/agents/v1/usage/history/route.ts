// GET /api/agents/v1/usage/history?from&to&limit — generation requests, newest first
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentUsageItem } from "@/lib/http/present/usage";
import { usageHistory } from "@/lib/usage/history";
import { usageHistoryQuerySchema } from "@/lib/usage/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "usage:read",
      permission: "read",
      query: usageHistoryQuerySchema,
    },
    async ({ db, principal, query }) =>
      (await usageHistory(db, { accountId: principal.accountId, ...query })).map(presentUsageItem),
  ),
});
