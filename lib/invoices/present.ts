/**
 * One wire shape for both kinds of document `GET /billing/invoices` lists: Stripe's subscription
 * invoices (`in_…`) and Onramp's receipts for wallet fundings (`rcpt_…`). The CLI reads `id`,
 * `amount`, `status` and `created_at`; the rest is additive.
 */
import { minorToUsd } from "@/lib/money";
import type { Invoice } from "@/lib/stripe/subscriptions";
import type { Receipt } from "./receipts";

const iso = (sec: number | null | undefined) => (sec ? new Date(sec * 1000).toISOString() : null);

export interface LocalSubscriptionRef {
  id: number;
  planId: number;
}

const subscriptionOf = (invoice: Invoice): string | null => {
  const sub = invoice.parent?.subscription_details?.subscription;
  return typeof sub === "string" ? sub : (sub?.id ?? null);
};

function refundStatus(receipt: Receipt): "paid" | "refunded" | "partially_refunded" {
  if (receipt.refundedMinor <= 0) return "paid";
  return receipt.refundedMinor >= receipt.entry.amountMinor ? "refunded" : "partially_refunded";
}

export function presentStripeInvoice(
  invoice: Invoice,
  local: Map<string, LocalSubscriptionRef>,
  withLines = false,
) {
  const stripeSub = subscriptionOf(invoice);
  const ref = stripeSub ? local.get(stripeSub) : undefined;
  const first = invoice.lines.data[0];
  return {
    id: invoice.id,
    object: "invoice",
    type: stripeSub ? "subscription" : "invoice",
    number: invoice.number,
    status: invoice.status,
    amount: minorToUsd(invoice.total),
    amount_due: minorToUsd(invoice.amount_due),
    amount_paid: minorToUsd(invoice.amount_paid),
    amount_remaining: minorToUsd(invoice.amount_remaining),
    amount_refunded: 0,
    currency: invoice.currency.toUpperCase(),
    description: invoice.description ?? first?.description ?? null,
    billing_reason: invoice.billing_reason,
    subscription_id: ref?.id ?? null,
    plan_id: ref?.planId ?? null,
    stripe_subscription_id: stripeSub,
    period_start: iso(first?.period.start ?? invoice.period_start),
    period_end: iso(first?.period.end ?? invoice.period_end),
    payment_reference: null as string | null,
    created_at: iso(invoice.created),
    paid_at: iso(invoice.status_transitions.paid_at),
    hosted_invoice_url: invoice.hosted_invoice_url ?? null,
    ...(withLines
      ? {
          lines: invoice.lines.data.map((line) => ({
            description: line.description,
            amount: minorToUsd(line.amount),
            quantity: line.quantity,
            period_start: iso(line.period.start),
            period_end: iso(line.period.end),
            proration:
              line.parent?.subscription_item_details?.proration ??
              line.parent?.invoice_item_details?.proration ??
              false,
          })),
          attempt_count: invoice.attempt_count,
          next_payment_attempt: iso(invoice.next_payment_attempt),
        }
      : {}),
  };
}

export function presentReceipt(receipt: Receipt, withLines = false) {
  const { entry } = receipt;
  const created = Math.floor(entry.createdAt.getTime() / 1000);
  const description = entry.kind === "auto_fund" ? "Automatic wallet top-up" : "Wallet funding";
  return {
    id: receipt.id,
    object: "receipt",
    type: "wallet_funding",
    number: receipt.number,
    status: refundStatus(receipt),
    amount: minorToUsd(entry.amountMinor),
    amount_due: 0,
    amount_paid: minorToUsd(entry.amountMinor),
    amount_remaining: 0,
    amount_refunded: minorToUsd(receipt.refundedMinor),
    currency: entry.currency,
    description,
    billing_reason: entry.kind === "auto_fund" ? "auto_funding" : "wallet_funding",
    subscription_id: null,
    plan_id: null,
    stripe_subscription_id: null,
    period_start: null,
    period_end: null,
    payment_reference: entry.externalId,
    created_at: iso(created),
    paid_at: iso(created),
    hosted_invoice_url: null,
    ...(withLines
      ? {
          lines: [
            {
              description: `${description} (prepaid credit)`,
              amount: minorToUsd(entry.amountMinor),
              quantity: 1,
              period_start: null,
              period_end: null,
              proration: false,
            },
          ],
          payment_intent_id: receipt.paymentIntentId,
          payment_method: receipt.card ? { brand: receipt.card.brand, last4: receipt.card.last4 } : null,
        }
      : {}),
  };
}

export type InvoiceView = ReturnType<typeof presentStripeInvoice> | ReturnType<typeof presentReceipt>;
