/**
 * PaymentIntents, PaymentMethods, SetupIntents and Customers as Onramp uses them. Every mutation
 * takes an explicit Stripe idempotency key derived from our own record, so a retry after a crash
 * reuses the Stripe object instead of charging twice.
 */
import type Stripe from "stripe";
import { stripe } from "./client";

export type PaymentIntent = Stripe.PaymentIntent;
export type PaymentMethod = Stripe.PaymentMethod;

export function createCustomer(
  input: { email: string; name: string | null; accountId: string },
  idempotencyKey: string,
): Promise<Stripe.Customer> {
  return stripe().customers.create(
    {
      email: input.email,
      ...(input.name ? { name: input.name } : {}),
      metadata: { onramp_account_id: input.accountId },
    },
    { idempotencyKey },
  );
}

export interface ChargeInput {
  customerId: string;
  paymentMethodId: string;
  amountMinor: number;
  description: string;
  metadata: Record<string, string>;
  idempotencyKey: string;
}

/** On-session charge (the agent is present): may need 3-D Secure, so it carries a return URL. */
export function chargeOnSession(input: ChargeInput & { returnUrl: string }): Promise<PaymentIntent> {
  return stripe().paymentIntents.create(
    {
      amount: input.amountMinor,
      currency: "usd",
      customer: input.customerId,
      payment_method: input.paymentMethodId,
      confirm: true,
      setup_future_usage: "off_session",
      return_url: input.returnUrl,
      description: input.description,
      metadata: input.metadata,
    },
    { idempotencyKey: input.idempotencyKey },
  );
}

/** Off-session charge (auto-funding): a card that needs authentication fails instead of waiting. */
export function chargeOffSession(input: ChargeInput): Promise<PaymentIntent> {
  return stripe().paymentIntents.create(
    {
      amount: input.amountMinor,
      currency: "usd",
      customer: input.customerId,
      payment_method: input.paymentMethodId,
      confirm: true,
      off_session: true,
      description: input.description,
      metadata: input.metadata,
    },
    { idempotencyKey: input.idempotencyKey },
  );
}

export function retrievePaymentIntent(id: string): Promise<PaymentIntent> {
  return stripe().paymentIntents.retrieve(id);
}

export function retrievePaymentMethod(id: string): Promise<PaymentMethod> {
  return stripe().paymentMethods.retrieve(id);
}

export function attachPaymentMethod(
  id: string,
  customerId: string,
  idempotencyKey: string,
): Promise<PaymentMethod> {
  return stripe().paymentMethods.attach(id, { customer: customerId }, { idempotencyKey });
}

export function detachPaymentMethod(id: string): Promise<PaymentMethod> {
  return stripe().paymentMethods.detach(id);
}

export function setDefaultPaymentMethod(customerId: string, paymentMethodId: string | null) {
  return stripe().customers.update(customerId, {
    invoice_settings: { default_payment_method: paymentMethodId ?? "" },
  });
}

export function createSetupIntent(customerId: string, idempotencyKey: string) {
  return stripe().setupIntents.create({ customer: customerId, usage: "off_session" }, { idempotencyKey });
}

export function retrieveCustomer(id: string) {
  return stripe().customers.retrieve(id);
}

export function updateCustomer(id: string, params: Stripe.CustomerUpdateParams) {
  return stripe().customers.update(id, params);
}

export function listCustomerCards(customerId: string) {
  return stripe().customers.listPaymentMethods(customerId, { type: "card", limit: 100 });
}

export function retrieveSetupIntent(id: string) {
  return stripe().setupIntents.retrieve(id);
}

export function retrieveCheckoutSession(id: string) {
  return stripe().checkout.sessions.retrieve(id);
}

export function createPaymentCheckout(
  input: {
    customerId: string;
    amountMinor: number;
    productName: string;
    successUrl: string;
    cancelUrl: string;
    expiresAtSec: number;
    metadata: Record<string, string>;
  },
  idempotencyKey: string,
) {
  return stripe().checkout.sessions.create(
    {
      mode: "payment",
      customer: input.customerId,
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: "usd",
            unit_amount: input.amountMinor,
            product_data: { name: input.productName },
          },
        },
      ],
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
      expires_at: input.expiresAtSec,
      client_reference_id: input.metadata.onramp_account_id,
      metadata: input.metadata,
      payment_intent_data: { metadata: input.metadata },
    },
    { idempotencyKey },
  );
}

/** Every PaymentIntent created since `createdAfterSec`, across pages. */
export async function* paymentIntentsSince(createdAfterSec: number) {
  for await (const intent of stripe().paymentIntents.list({
    created: { gte: createdAfterSec },
    limit: 100,
  })) {
    yield intent;
  }
}

export async function* checkoutSessionsSince(createdAfterSec: number) {
  for await (const session of stripe().checkout.sessions.list({
    created: { gte: createdAfterSec },
    limit: 100,
  })) {
    yield session;
  }
}

/** Stripe refuses a Checkout `expires_at` under 30 minutes after it receives the request. */
const CHECKOUT_MIN_TTL_SEC = 30 * 60;
/** Room for the request's own latency, so the minimum is never missed by a second. */
const CHECKOUT_EXPIRY_SLACK_SEC = 30;

/** The `expires_at` for a Checkout session that should last as little as Stripe allows. */
export function shortestCheckoutExpiry(nowMs = Date.now()): number {
  return Math.ceil(nowMs / 1000) + CHECKOUT_MIN_TTL_SEC + CHECKOUT_EXPIRY_SLACK_SEC;
}

export function expireCheckoutSession(id: string) {
  return stripe().checkout.sessions.expire(id);
}
