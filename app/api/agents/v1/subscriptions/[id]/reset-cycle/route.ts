// POST /api/agents/v1/subscriptions/{id}/reset-cycle — start a new billing period now (prorated)
import { INT4_MAX, parseIntegerId } from "@/lib/auth/integer-id";
import { agentRoute, reply } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { resetSubscriptionCycle } from "@/lib/subscriptions/lifecycle";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    { auth: true, limiter: "billing", scope: "subscriptions:write", idempotent: true },
    async ({ db, principal, params, idempotencyRecordId }) => {
      const result = await resetSubscriptionCycle(db, {
        accountId: principal.accountId,
        userId: principal.userId,
        subscriptionId: parseIntegerId(params.id, "Subscription", INT4_MAX),
        idempotencyRecordId,
      });
      return reply(result.body, result.kind === "requires_action" ? 202 : 200);
    },
  ),
});
