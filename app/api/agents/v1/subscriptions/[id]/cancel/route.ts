// POST /api/agents/v1/subscriptions/{id}/cancel — at the period end by default; {"immediately": true} ends it now
import { INT4_MAX, parseIntegerId } from "@/lib/auth/integer-id";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { cancelSubscription } from "@/lib/subscriptions/lifecycle";
import { cancelBody } from "@/lib/subscriptions/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    { auth: true, limiter: "billing", scope: "subscriptions:write", body: cancelBody, idempotent: true },
    ({ db, principal, params, body, idempotencyRecordId }) =>
      cancelSubscription(db, {
        accountId: principal.accountId,
        userId: principal.userId,
        subscriptionId: parseIntegerId(params.id, "Subscription", INT4_MAX),
        idempotencyRecordId,
        immediately: body.immediately,
      }),
  ),
});
