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

export function listRecentPaymentIntents(createdAfterSec: number, startingAfter?: string) {
  return stripe().paymentIntents.list({
    created: { gte: createdAfterSec },
    limit: 100,
    ...(startingAfter ? { starting_after: startingAfter } : {}),
  });
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
  return stripe().customers.retrieve(id, { expand: ["tax_ids"] });
}

export function updateCustomer(id: string, params: Stripe.CustomerUpdateParams) {
  return stripe().customers.update(id, params);
}

export function createTaxId(customerId: string, type: Stripe.TaxIdCreateParams.Type, value: string) {
  return stripe().customers.createTaxId(customerId, { type, value });
}

export function retrieveCharge(id: string) {
  return stripe().charges.retrieve(id);
}
