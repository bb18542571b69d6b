// POST /api/agents/v1/subscriptions/{id}/resume — lift a pause, or take back a scheduled cancellation
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { subscriptionChangedResponse } from "@/lib/http/present/schemas/subscriptions";
import { presentResumed } from "@/lib/http/present/subscriptions";
import { resumeSubscriptionNow } from "@/lib/subscriptions/lifecycle";
import { subscriptionParams } from "../params";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    {
      auth: true,
      params: subscriptionParams,
      limiter: "billing",
      scope: "subscriptions:write",
      permission: "subscribe",
      idempotent: true,
      response: subscriptionChangedResponse,
      errors: ["conflict", "payment_provider_error"],
    },
    async ({ db, principal, params, idempotencyRecordId }) =>
      presentResumed(
        await resumeSubscriptionNow(db, {
          accountId: principal.accountId,
          userId: principal.userId,
          subscriptionId: params.id,
          idempotencyRecordId,
        }),
      ),
  ),
});
