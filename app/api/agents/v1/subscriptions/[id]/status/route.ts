// GET /api/agents/v1/subscriptions/{id}/status — status and current period, re-read from Stripe while a payment is pending
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { subscriptionResponse } from "@/lib/http/present/schemas/subscriptions";
import { presentSubscription } from "@/lib/http/present/subscriptions";
import { subscriptionStatus } from "@/lib/subscriptions/status";
import { subscriptionParams } from "../params";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      params: subscriptionParams,
      limiter: "general",
      scope: "subscriptions:read",
      permission: "read",
      response: subscriptionResponse,
      errors: ["payment_provider_error"],
    },
    async ({ db, principal, params }) =>
      presentSubscription(await subscriptionStatus(db, principal.accountId, params.id)),
  ),
});
