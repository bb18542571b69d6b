// GET|PUT /api/agents/v1/subscriptions/{id} — one subscription; change its plan (new_plan_id, alias plan_id; prorated)

import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { planChangeResponses, subscriptionResponse } from "@/lib/http/present/schemas/subscriptions";
import { presentSubscription } from "@/lib/http/present/subscriptions";
import { changePlanRequest } from "@/lib/http/spending-requests";
import { findOwnSubscription } from "@/lib/subscriptions/queries";
import { changePlanBody } from "@/lib/subscriptions/schemas";
import { subscriptionParams } from "./params";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      params: subscriptionParams,
      limiter: "general",
      scope: "subscriptions:read",
      permission: "read",
      response: subscriptionResponse,
    },
    async ({ db, principal, params }) =>
      presentSubscription(await findOwnSubscription(db, principal.accountId, params.id)),
  ),
  PUT: agentRoute(
    {
      auth: true,
      params: subscriptionParams,
      limiter: "billing",
      scope: "subscriptions:write",
      permission: "subscribe",
      body: changePlanBody,
      idempotent: true,
      response: planChangeResponses,
      errors: ["conflict", "payment_declined", "payment_provider_error"],
    },
    async ({ params, body, ...ctx }) => changePlanRequest(ctx, params.id, body.newPlanId),
  ),
});
