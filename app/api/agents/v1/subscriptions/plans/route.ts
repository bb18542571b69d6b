// GET /api/agents/v1/subscriptions/plans — the plan catalogue and the pay-as-you-go alternative
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { plansCatalogueResponse } from "@/lib/http/present/schemas/subscriptions";
import { presentPlansCatalogue } from "@/lib/http/present/subscriptions";
import { plansOnSale } from "@/lib/subscriptions/plans";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "subscriptions:read",
      permission: "read",
      response: plansCatalogueResponse,
    },
    () => presentPlansCatalogue(plansOnSale()),
  ),
});
