// GET /api/agents/v1/usage/products — per product: calls, spend, the plan's limit and what remains
import { z } from "zod";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { productUsage } from "@/lib/http/present/schemas/usage";
import { presentProductUsage } from "@/lib/http/present/usage";
import { usageProducts } from "@/lib/usage/products";
import { usageRangeQuerySchema } from "@/lib/usage/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "usage:read",
      permission: "read",
      query: usageRangeQuerySchema,
      response: z.array(productUsage),
    },
    async ({ db, principal, query }) =>
      (await usageProducts(db, { accountId: principal.accountId, ...query })).map(presentProductUsage),
  ),
});
