// GET|POST /api/agents/v1/subscriptions — the account's subscriptions; subscribe (card → 201/402/202, no card → checkout_url)

import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { subscribeResponses, subscriptionListResponse } from "@/lib/http/present/schemas/subscriptions";
import { presentSubscription } from "@/lib/http/present/subscriptions";
import { subscribeRequest } from "@/lib/http/spending-requests";
import { listAccountSubscriptions } from "@/lib/subscriptions/queries";
import { createSubscriptionBody } from "@/lib/subscriptions/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "subscriptions:read",
      permission: "read",
      response: subscriptionListResponse,
    },
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
      response: subscribeResponses,
      errors: ["conflict", "payment_declined", "payment_provider_error"],
    },
    async ({ body, ...ctx }) => subscribeRequest(ctx, body),
  ),
});
