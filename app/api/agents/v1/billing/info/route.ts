// GET|PUT /api/agents/v1/billing/info — the billing profile on the Stripe customer

import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { getBillingInfo, updateBillingInfo } from "@/lib/payments/billing-info";
import { billingInfoBodySchema } from "@/lib/payments/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute({ auth: true, limiter: "general", scope: "billing:read" }, ({ db, principal }) =>
    getBillingInfo(db, principal.accountId),
  ),
  PUT: agentRoute(
    { auth: true, limiter: "general", scope: "billing:write", body: billingInfoBodySchema, idempotent: true },
    ({ db, principal, body }) => updateBillingInfo(db, principal.accountId, body),
  ),
});
