// PUT /api/agents/v1/billing/payment-methods/{id}/default — make a saved card the default

import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentCard } from "@/lib/http/present/payments";
import { cardResponse } from "@/lib/http/present/schemas/payments";
import { setDefaultCard } from "@/lib/payments/cards";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  PUT: agentRoute<true, undefined, undefined, { id: string }>(
    {
      auth: true,
      limiter: "billing",
      scope: "billing:write",
      permission: "manage_billing",
      idempotent: true,
      response: cardResponse,
      errors: ["not_found", "payment_provider_error"],
    },
    async ({ db, principal, params }) =>
      presentCard(await setDefaultCard(db, principal.accountId, params.id)),
  ),
});
