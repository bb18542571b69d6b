// DELETE /api/agents/v1/billing/payment-methods/{id} — detach a saved card

import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentRemovedCard } from "@/lib/http/present/payments";
import { removedCardResponse } from "@/lib/http/present/schemas/payments";
import { removeCard } from "@/lib/payments/cards";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  DELETE: agentRoute<true, undefined, undefined, { id: string }>(
    {
      auth: true,
      limiter: "billing",
      scope: "billing:write",
      permission: "manage_billing",
      idempotent: true,
      response: removedCardResponse,
      errors: ["not_found", "payment_provider_error"],
    },
    async ({ db, principal, params }) => {
      await removeCard(db, principal.accountId, params.id);
      return presentRemovedCard(params.id);
    },
  ),
});
