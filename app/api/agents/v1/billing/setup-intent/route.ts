// POST /api/agents/v1/billing/setup-intent — a SetupIntent to save a card with Stripe.js

import { agentRoute, reply } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentSetupIntent } from "@/lib/http/present/payments";
import { setupIntentResponse } from "@/lib/http/present/schemas/payments";
import { startSetupIntent } from "@/lib/payments/setup-intent";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    {
      auth: true,
      limiter: "billing",
      scope: "billing:write",
      permission: "manage_billing",
      idempotent: true,
      response: { 201: setupIntentResponse },
      // No body is read, but the door's input guard still refuses one nested too deep (422).
      errors: ["payment_provider_error", "validation_error"],
    },
    async ({ db, principal, idempotencyRecordId }) =>
      reply(presentSetupIntent(await startSetupIntent(db, principal.accountId, idempotencyRecordId)), 201),
  ),
});
