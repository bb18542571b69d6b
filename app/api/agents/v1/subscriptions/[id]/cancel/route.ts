// POST /api/agents/v1/subscriptions/{id}/cancel — at the period end by default; {"immediately": true} ends it now
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { subscriptionChangedResponse } from "@/lib/http/present/schemas/subscriptions";
import { presentCanceled } from "@/lib/http/present/subscriptions";
import { cancelSubscription } from "@/lib/subscriptions/lifecycle";
import { cancelBody } from "@/lib/subscriptions/schemas";
import { subscriptionParams } from "../params";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    {
      auth: true,
      params: subscriptionParams,
      limiter: "billing",
      scope: "subscriptions:write",
      permission: "subscribe",
      body: cancelBody,
      idempotent: true,
      response: subscriptionChangedResponse,
      errors: ["conflict", "payment_provider_error"],
    },
    async ({ db, principal, params, body, idempotencyRecordId }) =>
      presentCanceled(
        await cancelSubscription(db, {
          accountId: principal.accountId,
          userId: principal.userId,
          subscriptionId: params.id,
          idempotencyRecordId,
          immediately: body.immediately,
        }),
      ),
  ),
});
