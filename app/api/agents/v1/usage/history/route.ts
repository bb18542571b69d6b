// GET /api/agents/v1/usage/history?from&to&limit (or per_page&page) — generation requests, newest first
import { z } from "zod";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { usageItem } from "@/lib/http/present/schemas/usage";
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
      response: z.array(usageItem),
    },
    async ({ db, principal, query }) =>
      (await usageHistory(db, { accountId: principal.accountId, ...query })).map(presentUsageItem),
  ),
});
