// GET /api/agents/v1/billing/overview — wallet, cards and pending payments at a glance
import { billingOverview } from "@/lib/billing/overview";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentBillingOverview } from "@/lib/http/present/billing";
import { billingOverviewResponse } from "@/lib/http/present/schemas/billing";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "billing:read",
      permission: "read",
      response: billingOverviewResponse,
      errors: ["payment_provider_error"],
    },
    async ({ db, principal }) => presentBillingOverview(await billingOverview(db, principal.accountId)),
  ),
});
