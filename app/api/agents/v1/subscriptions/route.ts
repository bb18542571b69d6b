// GET|POST /api/agents/v1/subscriptions — the account's subscriptions; subscribe (card → 201/402/202, no card → checkout_url)

import { startSubscriptionLink } from "@/lib/checkout/subscribe-link";
import { agentRoute, reply } from "@/lib/http";
import { holdForApproval } from "@/lib/http/approvals";
import { methods } from "@/lib/http/methods";
import {
  presentSubscribe,
  presentSubscription,
  presentSubscriptionCheckout,
} from "@/lib/http/present/subscriptions";
import { subscribeWithCard } from "@/lib/subscriptions/create-subscription";
import { listAccountSubscriptions } from "@/lib/subscriptions/queries";
import { createSubscriptionBody } from "@/lib/subscriptions/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    { auth: true, limiter: "general", scope: "subscriptions:read", permission: "read" },
    async ({ db, principal }) =>
      (await listAccountSubscriptions(db, principal.accountId)).map(presentSubscription),
  ),
  POST: agentRoute(
    {
      auth: true,
      limiter: "billing",
      scope: "subscriptions:write",
      permission: "subscribe",
      body: createSubscriptionBody,
      idempotent: true,
    },
    async ({ db, principal, body, idempotencyRecordId, request }) => {
      const held = await holdForApproval(
        { db, principal, request },
        {
          kind: "subscription",
          planId: body.plan_id,
          paymentMethodId: body.payment_method_id,
          successUrl: body.success_url,
          cancelUrl: body.cancel_url,
        },
      );
      if (held) return held;
      const common = {
        accountId: principal.accountId,
        userId: principal.userId,
        planId: body.plan_id,
        idempotencyRecordId,
      };
      if (!body.payment_method_id) {
        return reply(
          presentSubscriptionCheckout(
            await startSubscriptionLink(db, {
              ...common,
              successUrl: body.success_url,
              cancelUrl: body.cancel_url,
            }),
          ),
        );
      }
      return presentSubscribe(
        await subscribeWithCard(db, { ...common, paymentMethodId: body.payment_method_id }),
      );
    },
  ),
});
