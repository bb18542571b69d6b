// POST /api/agents/v1/billing/payment-link — a Stripe Checkout link for a human to pay
import { createPaymentLink } from "@/lib/checkout/create-link";
import { paymentLinkBodySchema } from "@/lib/checkout/schemas";
import { env } from "@/lib/env";
import { agentRoute, reply } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentCreatedLink } from "@/lib/http/present/checkout";
import { createdPaymentLinkResponse } from "@/lib/http/present/schemas/billing";

const body = paymentLinkBodySchema({ min: () => env().fund.minUsd, max: () => env().fund.maxUsd });

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    {
      auth: true,
      limiter: "billing",
      scope: "billing:write",
      permission: "fund",
      body,
      idempotent: true,
      response: { 201: createdPaymentLinkResponse },
      errors: ["conflict", "payment_provider_error"],
    },
    async ({ db, principal, body, idempotencyRecordId }) =>
      reply(
        presentCreatedLink(
          await createPaymentLink(db, {
            accountId: principal.accountId,
            userId: principal.userId,
            request:
              body.purpose === "fund"
                ? { purpose: "fund", amountMinor: body.amount }
                : { purpose: "subscribe", planId: body.plan_id },
            idempotencyRecordId,
          }),
        ),
        201,
      ),
  ),
});
