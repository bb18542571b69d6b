/**
 * POST /billing/payment-link (and /wallet/fund or /subscriptions without a card): a Stripe Checkout
 * session a human can pay, recorded as a link the agent can wait on. Checkout returns to Onramp's
 * success page, which fulfils the payment and wakes the agent. Every session Onramp makes is
 * recorded here: the human pages answer only recorded sessions (lib/checkout/view-session.ts).
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { ensureStripeCustomer } from "@/lib/payments/customer";
import { providerError } from "@/lib/stripe/errors";
import { createPaymentCheckout, shortestCheckoutExpiry } from "@/lib/stripe/payments";
import { startSubscriptionCheckout } from "@/lib/subscriptions/checkout";
import { type CheckoutLink, recordLink } from "./links";
import { ownRedirectUrl } from "./redirect-urls";

export type LinkRequest = { purpose: "fund"; amountMinor: number } | { purpose: "subscribe"; planId: number };

/** A new payment link (a retry under the same idempotency record answers the same link). */
export async function createPaymentLink(
  db: Db,
  input: {
    accountId: string;
    userId: string;
    request: LinkRequest;
    idempotencyRecordId: string | null;
    /** The caller's own pages instead of Onramp's success and cancel pages (this app's origin only). */
    redirects?: { successUrl?: string | undefined; cancelUrl?: string | undefined };
  },
): Promise<CheckoutLink> {
  const appUrl = env().appUrl;
  const successUrl =
    ownRedirectUrl("success_url", input.redirects?.successUrl) ??
    `${appUrl}/checkout/success?session_id={CHECKOUT_SESSION_ID}`;
  // The cancel page closes the link only with this token (a session id alone is not enough).
  const cancelToken = randomBytes(18).toString("base64url");
  const cancelUrl =
    ownRedirectUrl("cancel_url", input.redirects?.cancelUrl) ??
    `${appUrl}/checkout/cancel?session_id={CHECKOUT_SESSION_ID}&link=${cancelToken}`;
  const { request } = input;
  let session: import("@/lib/stripe/client").Stripe.Checkout.Session;
  try {
    if (request.purpose === "fund") {
      const customerId = await ensureStripeCustomer(db, input.accountId);
      session = await createPaymentCheckout(
        {
          customerId,
          amountMinor: request.amountMinor,
          productName: "Onramp wallet credit",
          successUrl,
          cancelUrl,
          expiresAtSec: shortestCheckoutExpiry(),
          metadata: {
            onramp_account_id: input.accountId,
            onramp_purpose: "checkout_fund",
            onramp_user_id: input.userId,
          },
        },
        `onramp_${input.idempotencyRecordId ?? randomUUID()}_checkout`,
      );
    } else {
      ({ session } = await startSubscriptionCheckout(db, {
        accountId: input.accountId,
        userId: input.userId,
        planId: request.planId,
        idempotencyRecordId: input.idempotencyRecordId,
        successUrl,
        cancelUrl,
      }));
    }
  } catch (error) {
    throw providerError(error);
  }
  return recordLink(db, {
    session,
    accountId: input.accountId,
    userId: input.userId,
    purpose: request.purpose,
    amountMinor: request.purpose === "fund" ? request.amountMinor : null,
    planId: request.purpose === "subscribe" ? request.planId : null,
    cancelToken,
  });
}
