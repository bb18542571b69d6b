// GET /api/agents/v1/usage/products — per product: calls, spend, the plan's limit and what remains
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentProductUsage } from "@/lib/http/present/usage";
import { usageProducts } from "@/lib/usage/products";
import { usageRangeQuerySchema } from "@/lib/usage/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    { auth: true, limiter: "general", scope: "usage:read", permission: "read", query: usageRangeQuerySchema },
    async ({ db, principal, query }) =>
      (await usageProducts(db, { accountId: principal.accountId, ...query })).map(presentProductUsage),
  ),
});
