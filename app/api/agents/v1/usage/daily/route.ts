// GET /api/agents/v1/usage/daily?days=30 — calls and spend per UTC day (extension: the dashboard chart's data)
import { z } from "zod";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { usageDay } from "@/lib/http/present/schemas/usage";
import { presentUsageDay } from "@/lib/http/present/usage";
import { dailyUsage } from "@/lib/usage/daily";
import { usageDailyQuerySchema } from "@/lib/usage/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "usage:read",
      permission: "read",
      query: usageDailyQuerySchema,
      response: z.array(usageDay),
    },
    async ({ db, principal, query }) =>
      (await dailyUsage(db, { accountId: principal.accountId, days: query.days })).map(presentUsageDay),
  ),
});
