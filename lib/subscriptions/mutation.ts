/**
 * What every lifecycle mutation shares: decide on a fresh read of the subscription (our row may
 * trail Stripe by a webhook), derive Stripe idempotency keys from the request's Idempotency-Key
 * record, sync what Stripe answers, and turn an invoice the change produced into the same
 * 402 / 202 answers a purchase gives.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { minorToUsd } from "@/lib/money";
import { type PaymentOutcome, paymentOutcomeOf } from "@/lib/payments/intent-outcome";
import type { Stripe } from "@/lib/stripe/client";
import { providerError } from "@/lib/stripe/errors";
import {
  type Invoice,
  invoicePaymentIntentId,
  retrieveIntent,
  retrieveInvoice,
  type Subscription,
  updateSubscription,
} from "@/lib/stripe/subscriptions";
import { recordInvoiceIntent } from "./pay-invoice";
import { presentedStatus } from "./present";
import { findOwnSubscription } from "./queries";
import { refreshSubscription, type SubscriptionRow, syncSubscription } from "./sync";

export interface MutationInput {
  accountId: string;
  userId: string;
  subscriptionId: number;
  idempotencyRecordId: string | null;
}

export const stripeKeyFor = (input: MutationInput, op: string) =>
  `onramp_${input.idempotencyRecordId ?? randomUUID()}_${op}_${input.subscriptionId}`;

/** The account's subscription, re-read from Stripe first. */
export async function freshOwnSubscription(db: Db, input: MutationInput): Promise<SubscriptionRow> {
  const row = await findOwnSubscription(db, input.accountId, input.subscriptionId);
  return (await refreshSubscription(db, row.stripeSubscriptionId, { accountId: input.accountId })) ?? row;
}

/** 409 for a transition the current state does not allow. */
export function impossible(row: SubscriptionRow, action: string, hint: string): AppError {
  const status = presentedStatus(row);
  return new AppError(
    "conflict",
    `Cannot ${action} subscription ${row.id}: it is ${status}. ${hint}`.trim(),
    {
      details: { subscription_id: row.id, status },
    },
  );
}

export async function applyUpdate(
  db: Db,
  row: SubscriptionRow,
  params: Stripe.SubscriptionUpdateParams,
  key: string,
): Promise<{ row: SubscriptionRow; sub: Subscription }> {
  let sub: Subscription;
  try {
    sub = await updateSubscription(row.stripeSubscriptionId, params, key);
  } catch (error) {
    throw providerError(error);
  }
  const synced = await syncSubscription(db, sub, { readAt: new Date(), accountId: row.accountId });
  return { row: synced ?? row, sub };
}

export function presentInvoiceBrief(invoice: Invoice) {
  return {
    id: invoice.id,
    status: invoice.status,
    billing_reason: invoice.billing_reason,
    total: minorToUsd(invoice.total),
    amount_due: minorToUsd(invoice.amount_due),
    amount_paid: minorToUsd(invoice.amount_paid),
    currency: invoice.currency.toUpperCase(),
  };
}

/**
 * The invoice a change issued at once (`always_invoice`, a reset cycle, a new interval), if any,
 * and how its payment went. Stripe tries it within the update; an open invoice means the card
 * declined or asks for 3-D Secure.
 */
export async function invoiceOfChange(
  db: Db,
  before: SubscriptionRow,
  sub: Subscription,
  userId: string,
): Promise<{ invoice: Invoice | null; payment: PaymentOutcome | null }> {
  const latest = typeof sub.latest_invoice === "string" ? sub.latest_invoice : sub.latest_invoice?.id;
  if (!latest || latest === before.latestInvoiceId) return { invoice: null, payment: null };
  const invoice = await retrieveInvoice(latest).catch((e: unknown) => Promise.reject(providerError(e)));
  const piId = invoicePaymentIntentId(invoice);
  if (invoice.status !== "open" || !piId) {
    return {
      invoice,
      payment: invoice.status === "paid" ? { kind: "succeeded", paymentIntentId: piId } : null,
    };
  }
  const intent = await retrieveIntent(piId).catch((e: unknown) => Promise.reject(providerError(e)));
  await recordInvoiceIntent(db, before.accountId, intent, userId);
  return { invoice, payment: paymentOutcomeOf(intent) };
}
