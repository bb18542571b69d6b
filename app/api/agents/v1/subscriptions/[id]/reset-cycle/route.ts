// POST /api/agents/v1/subscriptions/{id}/reset-cycle — start a new billing period now (prorated)
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { cycleResetResponses } from "@/lib/http/present/schemas/subscriptions";
import { presentCycleReset } from "@/lib/http/present/subscriptions";
import { resetSubscriptionCycle } from "@/lib/subscriptions/lifecycle";
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
      response: cycleResetResponses,
      errors: ["conflict", "payment_declined", "payment_provider_error"],
    },
    async ({ db, principal, params, idempotencyRecordId }) =>
      presentCycleReset(
        await resetSubscriptionCycle(db, {
          accountId: principal.accountId,
          userId: principal.userId,
          subscriptionId: params.id,
          idempotencyRecordId,
        }),
      ),
  ),
});
