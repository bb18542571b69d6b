// POST /api/agents/v1/subscriptions/{id}/pause — pause collection: renewals not charged, plan calls unavailable
import { INT4_MAX, parseIntegerId } from "@/lib/auth/integer-id";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { pauseSubscription } from "@/lib/subscriptions/lifecycle";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    { auth: true, limiter: "billing", scope: "subscriptions:write", idempotent: true },
    ({ db, principal, params, idempotencyRecordId }) =>
      pauseSubscription(db, {
        accountId: principal.accountId,
        userId: principal.userId,
        subscriptionId: parseIntegerId(params.id, "Subscription", INT4_MAX),
        idempotencyRecordId,
      }),
  ),
});
