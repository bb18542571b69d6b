/**
 * The two kinds of billing document an account has, in one typed shape per kind: Stripe's
 * subscription invoices (`in_…`) and Onramp's receipts for wallet fundings (`rcpt_…`). Amounts
 * are cents; dates are to the second, as Stripe dates its invoices.
 */
import type { Invoice } from "@/lib/stripe/subscriptions";
import type { Receipt } from "./receipts";

/** The account's own subscription an invoice belongs to, by its Stripe id. */
export interface LocalSubscriptionRef {
  id: number;
  planId: number;
}

export interface InvoiceLine {
  description: string | null;
  amountMinor: number;
  quantity: number | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  proration: boolean;
}

export interface InvoiceDocument {
  kind: "invoice";
  id: string;
  number: string | null;
  status: Invoice["status"];
  totalMinor: number;
  amountDueMinor: number;
  amountPaidMinor: number;
  amountRemainingMinor: number;
  /** ISO 4217, upper case. */
  currency: string;
  /** The invoice's own description, else its first line's. */
  description: string | null;
  billingReason: Invoice["billing_reason"];
  /** Null for an invoice no subscription issued. */
  stripeSubscriptionId: string | null;
  subscription: LocalSubscriptionRef | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  createdAt: Date | null;
  paidAt: Date | null;
  hostedInvoiceUrl: string | null;
  lines: InvoiceLine[];
  attemptCount: number;
  nextPaymentAttempt: Date | null;
}

export interface ReceiptDocument {
  kind: "receipt";
  id: string;
  number: string;
  status: "paid" | "refunded" | "partially_refunded";
  amountMinor: number;
  refundedMinor: number;
  currency: string;
  /** What was bought: a top-up the person made, or one auto-funding made. */
  description: "Wallet funding" | "Automatic wallet top-up";
  billingReason: "wallet_funding" | "auto_funding";
  /** The Stripe payment the ledger entry records (a PaymentIntent or Checkout session id). */
  paymentReference: string;
  createdAt: Date;
  paymentIntentId: string | null;
  card: { brand: string; last4: string } | null;
}

export type BillingDocument = InvoiceDocument | ReceiptDocument;

const fromSeconds = (sec: number | null | undefined) => (sec ? new Date(sec * 1000) : null);

const subscriptionOf = (invoice: Invoice): string | null => {
  const sub = invoice.parent?.subscription_details?.subscription;
  return typeof sub === "string" ? sub : (sub?.id ?? null);
};

export function invoiceDocument(invoice: Invoice, local: Map<string, LocalSubscriptionRef>): InvoiceDocument {
  const stripeSubscriptionId = subscriptionOf(invoice);
  const first = invoice.lines.data[0];
  return {
    kind: "invoice",
    id: invoice.id,
    number: invoice.number,
    status: invoice.status,
    totalMinor: invoice.total,
    amountDueMinor: invoice.amount_due,
    amountPaidMinor: invoice.amount_paid,
    amountRemainingMinor: invoice.amount_remaining,
    currency: invoice.currency.toUpperCase(),
    description: invoice.description ?? first?.description ?? null,
    billingReason: invoice.billing_reason,
    stripeSubscriptionId,
    subscription: (stripeSubscriptionId && local.get(stripeSubscriptionId)) || null,
    periodStart: fromSeconds(first?.period.start ?? invoice.period_start),
    periodEnd: fromSeconds(first?.period.end ?? invoice.period_end),
    createdAt: fromSeconds(invoice.created),
    paidAt: fromSeconds(invoice.status_transitions.paid_at),
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    lines: invoice.lines.data.map((line) => ({
      description: line.description,
      amountMinor: line.amount,
      quantity: line.quantity,
      periodStart: fromSeconds(line.period.start),
      periodEnd: fromSeconds(line.period.end),
      proration:
        line.parent?.subscription_item_details?.proration ??
        line.parent?.invoice_item_details?.proration ??
        false,
    })),
    attemptCount: invoice.attempt_count,
    nextPaymentAttempt: fromSeconds(invoice.next_payment_attempt),
  };
}

export function receiptDocument(receipt: Receipt): ReceiptDocument {
  const { entry } = receipt;
  const isAuto = entry.kind === "auto_fund";
  return {
    kind: "receipt",
    id: receipt.id,
    number: receipt.number,
    status:
      receipt.refundedMinor <= 0
        ? "paid"
        : receipt.refundedMinor >= entry.amountMinor
          ? "refunded"
          : "partially_refunded",
    amountMinor: entry.amountMinor,
    refundedMinor: receipt.refundedMinor,
    currency: entry.currency,
    description: isAuto ? "Automatic wallet top-up" : "Wallet funding",
    billingReason: isAuto ? "auto_funding" : "wallet_funding",
    paymentReference: entry.externalId,
    // To the second, like Stripe's invoices, so the merged list orders them alike.
    createdAt: new Date(Math.floor(entry.createdAt.getTime() / 1000) * 1000),
    paymentIntentId: receipt.paymentIntentId,
    card: receipt.card,
  };
}

const createdSec = (d: BillingDocument) => (d.createdAt ? d.createdAt.getTime() / 1000 : null);

/** The list's order: newest first (undated last), then by id, descending. */
export function newestFirst(a: BillingDocument, b: BillingDocument): number {
  const [x, y] = [createdSec(a), createdSec(b)];
  if (x !== y) return x === null ? 1 : y === null ? -1 : y - x;
  return b.id.localeCompare(a.id);
}
