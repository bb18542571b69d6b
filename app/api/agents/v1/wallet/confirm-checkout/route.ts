// POST /api/agents/v1/wallet/confirm-checkout — credit the wallet for a paid Checkout session (idempotent)
import { confirmFundingCheckout } from "@/lib/checkout/confirm";
import { confirmCheckoutBodySchema } from "@/lib/checkout/schemas";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentCheckoutConfirmed } from "@/lib/http/present/checkout";
import { checkoutConfirmed } from "@/lib/http/present/schemas/wallet";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    {
      auth: true,
      limiter: "billing",
      scope: "wallet:write",
      permission: "fund",
      body: confirmCheckoutBodySchema,
      idempotent: true,
      response: checkoutConfirmed,
      errors: ["not_found", "conflict", "checkout_expired", "checkout_not_paid", "payment_provider_error"],
    },
    async ({ db, principal, body }) =>
      presentCheckoutConfirmed(
        await confirmFundingCheckout(db, { accountId: principal.accountId, sessionId: body.session_id }),
      ),
  ),
});
