// GET|PUT /api/agents/v1/subscriptions/{id} — one subscription; change its plan (new_plan_id, alias plan_id; prorated)
import { agentRoute } from "@/lib/http";
import { holdForApproval } from "@/lib/http/approvals";
import { methods } from "@/lib/http/methods";
import { presentPlanChange, presentSubscription } from "@/lib/http/present/subscriptions";
import { changePlan } from "@/lib/subscriptions/change-plan";
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
    },
    async ({ db, principal, params, body, idempotencyRecordId, request }) => {
      const held = await holdForApproval(
        { db, principal, request },
        {
          kind: "plan_change",
          subscriptionId: params.id,
          newPlanId: body.newPlanId,
        },
      );
      if (held) return held;
      const change = await changePlan(db, {
        accountId: principal.accountId,
        userId: principal.userId,
        subscriptionId: params.id,
        idempotencyRecordId,
        newPlanId: body.newPlanId,
      });
      return presentPlanChange(change);
    },
  ),
});
