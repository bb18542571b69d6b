/**
 * What every lifecycle mutation shares: decide on a fresh read of the subscription (our row may
 * trail Stripe by a webhook), derive Stripe idempotency keys from the request's Idempotency-Key
 * record, sync what Stripe answers, and settle an invoice the change produced the way a purchase
 * settles its first one (paid, waiting for authentication, or a 402 decline).
 */
import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit/audit-log";
import type { Db, DbOrTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import {
  declinedError,
  type PaymentOutcome,
  type PendingPayment,
  paymentOutcomeOf,
} from "@/lib/payments/intent-outcome";
import type { Stripe } from "@/lib/stripe/client";
import { isUnusablePaymentMethod, providerError } from "@/lib/stripe/errors";
import {
  type Invoice,
  invoicePaymentIntentId,
  retrieveIntent,
  retrieveInvoice,
  type Subscription,
  updateSubscription,
} from "@/lib/stripe/subscriptions";
import { recordInvoiceIntent } from "./pay-invoice";
import { findOwnSubscription } from "./queries";
import { subscriptionStatusOf } from "./state";
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

/** The audit entry of a subscription change, made by the request's caller (or the system). */
export async function auditSubscription(
  db: DbOrTx,
  row: SubscriptionRow,
  action: string,
  data: Record<string, unknown> = {},
): Promise<void> {
  await recordAudit(db, {
    accountId: row.accountId,
    action,
    targetType: "subscription",
    targetId: String(row.id),
    data: { plan_id: row.planId, status: subscriptionStatusOf(row), ...data },
  });
}

/** What a lifecycle request asked for, for a refusal to name it. */
export type SubscriptionAction =
  | "change_plan"
  | "pause"
  | "resume"
  | "reset_cycle"
  | "cancel"
  | "fix_payment";

const ACTION_WORDS: Record<SubscriptionAction, string> = {
  change_plan: "change the plan of",
  pause: "pause",
  resume: "resume",
  reset_cycle: "reset the billing cycle of",
  cancel: "cancel",
  fix_payment: "fix the payment of",
};

/**
 * 409 for a transition the current state does not allow. The refused action and the status travel
 * as typed properties, so the dashboard words its own answer instead of relaying the agents' hint.
 */
export class SubscriptionConflict extends AppError {
  readonly subscriptionId: number;
  readonly subscriptionStatus: string;

  constructor(
    row: SubscriptionRow,
    readonly action: SubscriptionAction,
    hint: string,
  ) {
    const status = subscriptionStatusOf(row);
    super(
      "conflict",
      `Cannot ${ACTION_WORDS[action]} subscription ${row.id}: it is ${status}. ${hint}`.trim(),
      {
        details: { subscription_id: row.id, status },
      },
    );
    this.subscriptionId = row.id;
    this.subscriptionStatus = status;
  }
}

export const impossible = (row: SubscriptionRow, action: SubscriptionAction, hint: string) =>
  new SubscriptionConflict(row, action, hint);

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
    if (isUnusablePaymentMethod(error)) {
      throw new AppError(
        "conflict",
        `Subscription ${row.id}'s card can no longer be charged: it was removed from the account. Add a card, repair the subscription with POST /subscriptions/${row.id}/fix-payment, then retry.`,
        { details: { subscription_id: row.id, reason: "payment_method_removed" } },
      );
    }
    throw providerError(error);
  }
  const synced = await syncSubscription(db, sub, { readAt: new Date(), accountId: row.accountId });
  return { row: synced ?? row, sub };
}

/** The invoice a change, a reset cycle or a repaired payment produced, in cents. */
export interface InvoiceBrief {
  id: string;
  number: string | null;
  status: Invoice["status"];
  billingReason: Invoice["billing_reason"];
  totalMinor: number;
  amountDueMinor: number;
  amountPaidMinor: number;
  /** ISO 4217, upper case. */
  currency: string;
}

export function invoiceBriefOf(invoice: Invoice): InvoiceBrief {
  return {
    id: invoice.id,
    number: invoice.number,
    status: invoice.status,
    billingReason: invoice.billing_reason,
    totalMinor: invoice.total,
    amountDueMinor: invoice.amount_due,
    amountPaidMinor: invoice.amount_paid,
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

/** How the invoice of a change was settled: paid (or none was due), or waiting for a person. */
export type ChangeSettlement = { kind: "done" } | { kind: "requires_action"; payment: PendingPayment };

/** A change's invoice that was declined is the purchase's 402; one waiting for 3-D Secure its 202. */
export function settleChangePayment(row: SubscriptionRow, payment: PaymentOutcome | null): ChangeSettlement {
  if (payment?.kind === "declined") {
    throw declinedError(payment, {
      subscription_id: row.id,
      status: subscriptionStatusOf(row),
      fix: `POST /api/agents/v1/subscriptions/${row.id}/fix-payment`,
    });
  }
  if (payment?.kind === "requires_action") return { kind: "requires_action", payment };
  return { kind: "done" };
}
