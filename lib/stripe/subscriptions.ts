/**
 * Products, prices, subscriptions, invoices and subscription-mode Checkout as Onramp uses them.
 * Every mutation made for a request takes an explicit Stripe idempotency key derived from our own
 * record, so a retry after a crash finds the same Stripe object instead of buying twice.
 */
import type Stripe from "stripe";
import { stripe } from "./client";

export type Subscription = Stripe.Subscription;
export type Invoice = Stripe.Invoice;
export type Price = Stripe.Price;
export type CheckoutSession = Stripe.Checkout.Session;

/** Identifies the configured client, so per-client caches drop when tests point it elsewhere. */
export function stripeClientToken(): object {
  return stripe();
}

// ── Catalogue ────────────────────────────────────────────────────────────────────────────────

export function retrieveProduct(id: string): Promise<Stripe.Product> {
  return stripe().products.retrieve(id);
}

export function createProduct(
  params: Stripe.ProductCreateParams,
  idempotencyKey: string,
): Promise<Stripe.Product> {
  return stripe().products.create(params, { idempotencyKey });
}

export function updateProduct(id: string, params: Stripe.ProductUpdateParams): Promise<Stripe.Product> {
  return stripe().products.update(id, params);
}

export async function pricesByLookupKeys(keys: string[]): Promise<Stripe.Price[]> {
  const out: Stripe.Price[] = [];
  // Stripe takes at most 10 lookup keys per list call.
  for (let i = 0; i < keys.length; i += 10) {
    const page = await stripe().prices.list({ lookup_keys: keys.slice(i, i + 10), limit: 100 });
    out.push(...page.data);
  }
  return out;
}

export function createPrice(params: Stripe.PriceCreateParams, idempotencyKey: string): Promise<Stripe.Price> {
  return stripe().prices.create(params, { idempotencyKey });
}

export function retrievePrice(id: string): Promise<Stripe.Price> {
  return stripe().prices.retrieve(id);
}

export function deactivatePrice(id: string): Promise<Stripe.Price> {
  return stripe().prices.update(id, { active: false });
}

/** Makes `id` the active price under `lookupKey` again (taking the key from whichever price has it). */
export function reinstatePrice(id: string, lookupKey: string): Promise<Stripe.Price> {
  return stripe().prices.update(id, { active: true, lookup_key: lookupKey, transfer_lookup_key: true });
}

// ── Subscriptions ────────────────────────────────────────────────────────────────────────────

/**
 * Creates the subscription without charging (`default_incomplete`): the first invoice's
 * PaymentIntent is then confirmed on-session with the agent's card, which gives the 402 a
 * PaymentIntent id and lets 3-D Secure answer 202. The card paying the first invoice becomes the
 * subscription's default for renewals.
 */
export function createIncompleteSubscription(
  input: { customerId: string; priceId: string; metadata: Record<string, string> },
  idempotencyKey: string,
): Promise<Stripe.Subscription> {
  return stripe().subscriptions.create(
    {
      customer: input.customerId,
      items: [{ price: input.priceId, quantity: 1 }],
      payment_behavior: "default_incomplete",
      payment_settings: { save_default_payment_method: "on_subscription" },
      metadata: input.metadata,
      expand: ["latest_invoice.payments"],
    },
    { idempotencyKey },
  );
}

export function retrieveSubscription(id: string): Promise<Stripe.Subscription> {
  return stripe().subscriptions.retrieve(id);
}

export function updateSubscription(
  id: string,
  params: Stripe.SubscriptionUpdateParams,
  idempotencyKey: string,
): Promise<Stripe.Subscription> {
  return stripe().subscriptions.update(id, params, { idempotencyKey });
}

export function cancelSubscriptionNow(id: string, idempotencyKey: string): Promise<Stripe.Subscription> {
  return stripe().subscriptions.cancel(id, {}, { idempotencyKey });
}

/** Un-pauses a subscription Stripe itself paused (a trial that ended without a card). */
export function resumeSubscription(id: string, idempotencyKey: string): Promise<Stripe.Subscription> {
  return stripe().subscriptions.resume(
    id,
    { billing_cycle_anchor: { type: "unchanged" } },
    { idempotencyKey },
  );
}

// ── Invoices ─────────────────────────────────────────────────────────────────────────────────

export function retrieveInvoice(id: string): Promise<Stripe.Invoice> {
  return stripe().invoices.retrieve(id, { expand: ["payments"] });
}

export async function listCustomerInvoices(customerId: string, max = 300): Promise<Stripe.Invoice[]> {
  const out: Stripe.Invoice[] = [];
  for await (const invoice of stripe().invoices.list({ customer: customerId, limit: 100 })) {
    out.push(invoice);
    if (out.length >= max) break;
  }
  return out;
}

export function voidInvoice(id: string, idempotencyKey: string): Promise<Stripe.Invoice> {
  return stripe().invoices.voidInvoice(id, {}, { idempotencyKey });
}

/** The PaymentIntent collecting an invoice (basil+ invoices name it under `payments`). */
export function invoicePaymentIntentId(invoice: Stripe.Invoice): string | null {
  const payments = invoice.payments?.data ?? [];
  const current = payments.find((p) => p.is_default) ?? payments[payments.length - 1];
  const pi = current?.payment.payment_intent;
  return typeof pi === "string" ? pi : (pi?.id ?? null);
}

// ── PaymentIntents of invoices ───────────────────────────────────────────────────────────────

export function retrieveIntent(id: string): Promise<Stripe.PaymentIntent> {
  return stripe().paymentIntents.retrieve(id);
}

export function tagIntent(id: string, metadata: Record<string, string>, idempotencyKey: string) {
  return stripe().paymentIntents.update(id, { metadata }, { idempotencyKey });
}

/** On-session confirm (the agent is present): 3-D Secure may be asked for, hence the return URL. */
export function confirmIntent(
  id: string,
  input: { paymentMethodId?: string | undefined; returnUrl: string },
  idempotencyKey: string,
): Promise<Stripe.PaymentIntent> {
  return stripe().paymentIntents.confirm(
    id,
    {
      // A new card is saved to the customer on success, so renewals can charge it off-session.
      ...(input.paymentMethodId
        ? { payment_method: input.paymentMethodId, setup_future_usage: "off_session" as const }
        : {}),
      return_url: input.returnUrl,
    },
    { idempotencyKey },
  );
}

// ── Checkout ─────────────────────────────────────────────────────────────────────────────────

export function createSubscriptionCheckout(
  input: {
    customerId: string;
    priceId: string;
    successUrl: string;
    cancelUrl: string;
    expiresAtSec: number;
    metadata: Record<string, string>;
  },
  idempotencyKey: string,
): Promise<Stripe.Checkout.Session> {
  return stripe().checkout.sessions.create(
    {
      mode: "subscription",
      customer: input.customerId,
      line_items: [{ price: input.priceId, quantity: 1 }],
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
      expires_at: input.expiresAtSec,
      client_reference_id: input.metadata.onramp_account_id,
      metadata: input.metadata,
      // The subscription carries the same trusted metadata, so its own webhooks find the account.
      subscription_data: { metadata: input.metadata },
    },
    { idempotencyKey },
  );
}

/** The customer's Checkout sessions a human could still pay, across pages. */
export async function openCheckoutSessions(customerId: string): Promise<Stripe.Checkout.Session[]> {
  const open: Stripe.Checkout.Session[] = [];
  for await (const session of stripe().checkout.sessions.list({
    customer: customerId,
    status: "open",
    limit: 100,
  })) {
    open.push(session);
  }
  return open;
}

export function retrieveSession(id: string): Promise<Stripe.Checkout.Session> {
  return stripe().checkout.sessions.retrieve(id);
}
