/**
 * The agents API's payment answers: saved cards, SetupIntents, the Stripe configuration, the billing
 * profile, and a payment's status (with the sentences an agent acts on).
 */
import { minorToUsd } from "@/lib/money";
import type { BillingInfo } from "@/lib/payments/billing-info";
import type { SavedCard } from "@/lib/payments/cards";
import { authenticationUrl, type PendingPayment } from "@/lib/payments/intent-outcome";
import type { StartedSetup } from "@/lib/payments/setup-intent";
import type { StripeConfig } from "@/lib/payments/stripe-config";
import { isPendingPayment } from "@/lib/wallet/payment-status";
import type { Payment } from "@/lib/wallet/settle-payment";

/** The `payment` object of a 202: a payment waiting for a person to authenticate it, or for the bank. */
export function presentPendingPayment(payment: PendingPayment) {
  return {
    status: payment.status,
    payment_intent_id: payment.paymentIntentId,
    client_secret: payment.clientSecret,
    next_action_url: payment.nextActionUrl,
  };
}

/** GET /payments/{id}/status: `pending` until it settles; `stripe_status` says which wait it is. */
export function presentPaymentStatus(p: Payment) {
  return {
    status: isPendingPayment(p) ? "pending" : p.status,
    stripe_status: p.status,
    payment_intent_id: p.id,
    amount: minorToUsd(p.amountMinor),
    currency: p.currency,
    purpose: p.purpose,
    decline_code: p.declineCode,
    next_action_url: p.status === "requires_action" ? authenticationUrl(p.id) : null,
    updated_at: p.updatedAt.toISOString(),
  };
}

/** One card payment of the dashboard's "recent card payments". */
export function presentPaymentAttempt(p: Payment) {
  return {
    id: p.id,
    purpose: p.purpose,
    amount: minorToUsd(p.amountMinor),
    status: p.status,
    decline_code: p.declineCode,
    failure_message: p.failureMessage,
    actor: p.actorKind,
    next_action_url: p.status === "requires_action" ? authenticationUrl(p.id) : null,
    created_at: p.createdAt.toISOString(),
  };
}
export type PaymentAttemptView = ReturnType<typeof presentPaymentAttempt>;

export function presentCard(card: SavedCard) {
  return {
    id: card.id,
    type: "card",
    brand: card.brand,
    last4: card.last4,
    exp_month: card.expMonth,
    exp_year: card.expYear,
    is_default: card.isDefault,
    created_at: card.createdAt.toISOString(),
  };
}
export type CardView = ReturnType<typeof presentCard>;

/** DELETE /billing/payment-methods/{id}. */
export const presentRemovedCard = (id: string) => ({ id, deleted: true as const });

/** POST /billing/setup-intent. */
export function presentSetupIntent(setup: StartedSetup) {
  return {
    setup_intent_id: setup.setupIntentId,
    client_secret: setup.clientSecret,
    status: setup.status,
    instructions:
      "Confirm this SetupIntent with Stripe.js (stripe.confirmCardSetup or confirmSetup) using the client_secret; the card is then saved to this account and listed by GET /billing/payment-methods.",
  };
}

/** GET /billing/stripe-config: what an agent needs to tokenize a card at Stripe itself. */
export function presentStripeConfig(config: StripeConfig) {
  return {
    publishable_key: config.publishableKey,
    api_base: config.apiBase,
    mode: config.mode,
    instructions:
      `Create a PaymentMethod directly with Stripe — never send card numbers to this API: ` +
      `POST ${config.apiBase}/v1/payment_methods with HTTP Basic auth "<publishable_key>:" and form fields ` +
      `type=card, card[number], card[exp_month], card[exp_year], card[cvc]. ` +
      `Send the returned id (pm_…) as payment_method_id to POST /api/agents/v1/wallet/fund or /subscriptions.`,
  };
}

/** GET|PUT /billing/info, with the names the request uses (the dashboard's form fills from it too). */
export function presentBillingInfo(info: BillingInfo) {
  if (info.kind === "deleted")
    return { name: null, email: null, address: null, tax_id: null, tax_id_type: null };
  return {
    name: info.name,
    email: info.email,
    address_line1: info.address.line1,
    address_line2: info.address.line2,
    address_city: info.address.city,
    address_state: info.address.state,
    address_postal_code: info.address.postalCode,
    address_country: info.address.country,
    tax_id: info.taxId,
    tax_id_type: info.taxIdType,
  };
}
