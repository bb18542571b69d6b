// GET|POST /api/agents/v1/billing/payment-methods — saved cards; attach a pm_… tokenized at Stripe

import { agentRoute, reply } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentCard } from "@/lib/http/present/payments";
import { cardListResponse, cardResponse } from "@/lib/http/present/schemas/payments";
import { addCard, listCards } from "@/lib/payments/cards";
import { addPaymentMethodBodySchema } from "@/lib/payments/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "billing:read",
      permission: "read",
      response: cardListResponse,
      errors: ["payment_provider_error"],
    },
    async ({ db, principal }) => (await listCards(db, principal.accountId)).map(presentCard),
  ),
  POST: agentRoute(
    {
      auth: true,
      limiter: "billing",
      scope: "billing:write",
      permission: "manage_billing",
      body: addPaymentMethodBodySchema,
      idempotent: true,
      response: { 201: cardResponse },
      errors: ["payment_declined", "not_found", "payment_provider_error"],
    },
    async ({ db, principal, body, idempotencyRecordId }) =>
      reply(
        presentCard(await addCard(db, { accountId: principal.accountId, ...body, idempotencyRecordId })),
        201,
      ),
  ),
});
