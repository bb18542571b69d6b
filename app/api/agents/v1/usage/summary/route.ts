// GET /api/agents/v1/usage/summary — calls and spend (optionally from/to), the plan's quota and the wallet
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { usageSummaryResponse } from "@/lib/http/present/schemas/usage";
import { presentUsageSummary } from "@/lib/http/present/usage";
import { usageRangeQuerySchema } from "@/lib/usage/schemas";
import { usageSummary } from "@/lib/usage/summary";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "usage:read",
      permission: "read",
      query: usageRangeQuerySchema,
      response: usageSummaryResponse,
    },
    async ({ db, principal, query }) =>
      presentUsageSummary(await usageSummary(db, { accountId: principal.accountId, ...query })),
  ),
});
