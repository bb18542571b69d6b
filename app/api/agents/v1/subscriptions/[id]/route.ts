// GET|PUT /api/agents/v1/subscriptions/{id} — one subscription; change its plan (new_plan_id, alias plan_id; prorated)
import { INT4_MAX, parseIntegerId } from "@/lib/auth/integer-id";
import { agentRoute, reply } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { changePlan } from "@/lib/subscriptions/change-plan";
import { presentSubscription } from "@/lib/subscriptions/present";
import { findOwnSubscription } from "@/lib/subscriptions/queries";
import { changePlanBody } from "@/lib/subscriptions/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    { auth: true, limiter: "general", scope: "subscriptions:read" },
    async ({ db, principal, params }) =>
      presentSubscription(
        await findOwnSubscription(
          db,
          principal.accountId,
          parseIntegerId(params.id, "Subscription", INT4_MAX),
        ),
      ),
  ),
  PUT: agentRoute(
    { auth: true, limiter: "billing", scope: "subscriptions:write", body: changePlanBody, idempotent: true },
    async ({ db, principal, params, body, idempotencyRecordId }) => {
      const result = await changePlan(db, {
        accountId: principal.accountId,
        userId: principal.userId,
        subscriptionId: parseIntegerId(params.id, "Subscription", INT4_MAX),
        idempotencyRecordId,
        newPlanId: body.newPlanId,
      });
      return reply(result.body, result.kind === "requires_action" ? 202 : 200);
    },
  ),
});
