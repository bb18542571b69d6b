/** Refunds and disputes as Onramp reads them: always fresh from Stripe, never from an event. */
import type Stripe from "stripe";
import { stripe } from "./client";

export type Refund = Stripe.Refund;
export type Dispute = Stripe.Dispute;
export type Charge = Stripe.Charge;

export function retrieveRefund(id: string): Promise<Refund> {
  return stripe().refunds.retrieve(id);
}

export function retrieveDispute(id: string): Promise<Dispute> {
  return stripe().disputes.retrieve(id);
}

export function retrieveCharge(id: string): Promise<Charge> {
  return stripe().charges.retrieve(id);
}

/** Every refund of a charge, across pages. */
export async function* refundsOfCharge(chargeId: string) {
  for await (const refund of stripe().refunds.list({ charge: chargeId, limit: 100 })) yield refund;
}

/** Every refund created since `createdAfterSec`, across pages. */
export async function* refundsSince(createdAfterSec: number) {
  for await (const refund of stripe().refunds.list({ created: { gte: createdAfterSec }, limit: 100 })) {
    yield refund;
  }
}

/** Every dispute created since `createdAfterSec`, across pages. */
export async function* disputesSince(createdAfterSec: number) {
  for await (const dispute of stripe().disputes.list({ created: { gte: createdAfterSec }, limit: 100 })) {
    yield dispute;
  }
}

/** The Checkout session that produced a PaymentIntent, if one did. */
export async function checkoutSessionForIntent(
  paymentIntentId: string,
): Promise<Stripe.Checkout.Session | null> {
  const list = await stripe().checkout.sessions.list({ payment_intent: paymentIntentId, limit: 1 });
  return list.data[0] ?? null;
}
