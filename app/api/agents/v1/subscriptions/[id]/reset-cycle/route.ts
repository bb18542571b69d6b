// POST /api/agents/v1/subscriptions/{id}/reset-cycle — start a new billing period now (prorated)
import { agentRoute, reply } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { resetSubscriptionCycle } from "@/lib/subscriptions/lifecycle";
import { subscriptionParams } from "../params";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    {
      auth: true,
      params: subscriptionParams,
      limiter: "billing",
      scope: "subscriptions:write",
      idempotent: true,
    },
    async ({ db, principal, params, idempotencyRecordId }) => {
      const result = await resetSubscriptionCycle(db, {
        accountId: principal.accountId,
        userId: principal.userId,
        subscriptionId: params.id,
        idempotencyRecordId,
      });
      return reply(result.body, result.kind === "requires_action" ? 202 : 200);
    },
  ),
});
