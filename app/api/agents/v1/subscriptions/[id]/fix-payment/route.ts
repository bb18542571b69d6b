// POST /api/agents/v1/subscriptions/{id}/fix-payment — pay the unpaid invoice now (optionally with a new card): 200 / 402 / 202
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { fixedPaymentResponses } from "@/lib/http/present/schemas/subscriptions";
import { presentFixedPayment } from "@/lib/http/present/subscriptions";
import { fixSubscriptionPayment } from "@/lib/subscriptions/fix-payment";
import { fixPaymentBody } from "@/lib/subscriptions/schemas";
import { subscriptionParams } from "../params";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    {
      auth: true,
      params: subscriptionParams,
      limiter: "billing",
      scope: "subscriptions:write",
      permission: "subscribe",
      body: fixPaymentBody,
      idempotent: true,
      response: fixedPaymentResponses,
      errors: ["conflict", "payment_declined", "payment_provider_error"],
    },
    async ({ db, principal, params, body, idempotencyRecordId }) =>
      presentFixedPayment(
        await fixSubscriptionPayment(db, {
          accountId: principal.accountId,
          userId: principal.userId,
          subscriptionId: params.id,
          idempotencyRecordId,
          paymentMethodId: body.payment_method_id,
          planCategory: body.plan_category,
          stripeSubscriptionId: body.stripe_subscription_id,
        }),
      ),
  ),
});
