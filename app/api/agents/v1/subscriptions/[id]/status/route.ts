// GET /api/agents/v1/subscriptions/{id}/status — status and current period, re-read from Stripe while a payment is pending
import { INT4_MAX, parseIntegerId } from "@/lib/auth/integer-id";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { subscriptionStatus } from "@/lib/subscriptions/status";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    { auth: true, limiter: "general", scope: "subscriptions:read" },
    ({ db, principal, params }) =>
      subscriptionStatus(db, principal.accountId, parseIntegerId(params.id, "Subscription", INT4_MAX)),
  ),
});
