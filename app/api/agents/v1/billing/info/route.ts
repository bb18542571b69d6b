// GET|PUT /api/agents/v1/billing/info — the billing profile on the Stripe customer

import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentBillingInfo } from "@/lib/http/present/payments";
import { billingInfoResponse } from "@/lib/http/present/schemas/payments";
import { getBillingInfo, updateBillingInfo } from "@/lib/payments/billing-info";
import { billingInfoBodySchema } from "@/lib/payments/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "billing:read",
      permission: "read",
      response: billingInfoResponse,
      errors: ["payment_provider_error"],
    },
    async ({ db, principal }) => presentBillingInfo(await getBillingInfo(db, principal.accountId)),
  ),
  PUT: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "billing:write",
      permission: "manage_billing",
      body: billingInfoBodySchema,
      idempotent: true,
      response: billingInfoResponse,
      errors: ["payment_provider_error"],
    },
    async ({ db, principal, body }) =>
      presentBillingInfo(await updateBillingInfo(db, principal.accountId, body)),
  ),
});
