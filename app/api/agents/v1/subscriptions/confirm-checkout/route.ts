// POST /api/agents/v1/subscriptions/confirm-checkout — activate the subscription a human paid on Stripe Checkout
import { noteLinkFulfilled } from "@/lib/checkout/links";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { confirmedCheckoutResponse } from "@/lib/http/present/schemas/subscriptions";
import { presentConfirmedCheckout } from "@/lib/http/present/subscriptions";
import { confirmSubscriptionCheckout } from "@/lib/subscriptions/checkout";
import { confirmCheckoutBody } from "@/lib/subscriptions/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    {
      auth: true,
      limiter: "billing",
      scope: "subscriptions:write",
      permission: "subscribe",
      body: confirmCheckoutBody,
      idempotent: true,
      response: confirmedCheckoutResponse,
      errors: ["not_found", "checkout_not_paid", "checkout_expired", "payment_provider_error"],
    },
    async ({ db, principal, body }) => {
      const confirmed = await confirmSubscriptionCheckout(db, {
        accountId: principal.accountId,
        sessionId: body.session_id,
      });
      // A payment link waiting on this session learns of it now, not at its next poll.
      await noteLinkFulfilled(db, body.session_id, "confirm");
      return presentConfirmedCheckout(confirmed);
    },
  ),
});
