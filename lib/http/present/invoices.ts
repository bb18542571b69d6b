/**
 * One wire shape for both kinds of document `GET /billing/invoices` lists: Stripe's subscription
 * invoices (`in_…`) and Onramp's receipts for wallet fundings (`rcpt_…`). The CLI reads `id`,
 * `amount`, `status` and `created_at`; the rest is additive. `withLines` is the single-document
 * answer (`GET /billing/invoices/{id}`).
 */
import type { BillingDocument, InvoiceDocument, ReceiptDocument } from "@/lib/invoices/documents";
import type { InvoicePdf } from "@/lib/invoices/invoices";
import { minorToUsd } from "@/lib/money";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function presentInvoice(invoice: InvoiceDocument, withLines: boolean) {
  return {
    id: invoice.id,
    object: "invoice",
    type: invoice.stripeSubscriptionId ? "subscription" : "invoice",
    number: invoice.number,
    status: invoice.status,
    amount: minorToUsd(invoice.totalMinor),
    amount_due: minorToUsd(invoice.amountDueMinor),
    amount_paid: minorToUsd(invoice.amountPaidMinor),
    amount_remaining: minorToUsd(invoice.amountRemainingMinor),
    amount_refunded: 0,
    currency: invoice.currency,
    description: invoice.description,
    billing_reason: invoice.billingReason,
    subscription_id: invoice.subscription?.id ?? null,
    plan_id: invoice.subscription?.planId ?? null,
    stripe_subscription_id: invoice.stripeSubscriptionId,
    period_start: iso(invoice.periodStart),
    period_end: iso(invoice.periodEnd),
    payment_reference: null as string | null,
    created_at: iso(invoice.createdAt),
    paid_at: iso(invoice.paidAt),
    hosted_invoice_url: invoice.hostedInvoiceUrl,
    ...(withLines
      ? {
          lines: invoice.lines.map((line) => ({
            description: line.description,
            amount: minorToUsd(line.amountMinor),
            quantity: line.quantity,
            period_start: iso(line.periodStart),
            period_end: iso(line.periodEnd),
            proration: line.proration,
          })),
          attempt_count: invoice.attemptCount,
          next_payment_attempt: iso(invoice.nextPaymentAttempt),
        }
      : {}),
  };
}

function presentReceipt(receipt: ReceiptDocument, withLines: boolean) {
  return {
    id: receipt.id,
    object: "receipt",
    type: "wallet_funding",
    number: receipt.number,
    status: receipt.status,
    amount: minorToUsd(receipt.amountMinor),
    amount_due: 0,
    amount_paid: minorToUsd(receipt.amountMinor),
    amount_remaining: 0,
    amount_refunded: minorToUsd(receipt.refundedMinor),
    currency: receipt.currency,
    description: receipt.description,
    billing_reason: receipt.billingReason,
    subscription_id: null,
    plan_id: null,
    stripe_subscription_id: null,
    period_start: null,
    period_end: null,
    payment_reference: receipt.paymentReference,
    created_at: iso(receipt.createdAt),
    paid_at: iso(receipt.createdAt),
    hosted_invoice_url: null,
    ...(withLines
      ? {
          lines: [
            {
              description: `${receipt.description} (prepaid credit)`,
              amount: minorToUsd(receipt.amountMinor),
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

export function presentBillingDocument(document: BillingDocument, withLines = false) {
  return document.kind === "invoice"
    ? presentInvoice(document, withLines)
    : presentReceipt(document, withLines);
}

/** `GET /billing/invoices/{id}/pdf`: where to download it (a receipt's signed link expires). */
export function presentInvoicePdf(pdf: InvoicePdf) {
  return pdf.kind === "receipt"
    ? {
        id: pdf.id,
        type: "wallet_funding",
        url: pdf.url,
        pdf_url: pdf.url,
        receipt_url: pdf.url,
        hosted_invoice_url: null,
        expires_at: pdf.expiresAt.toISOString(),
        content_type: "application/pdf",
      }
    : {
        id: pdf.id,
        type: "subscription",
        url: pdf.url,
        pdf_url: pdf.url,
        receipt_url: null,
        hosted_invoice_url: pdf.hostedInvoiceUrl,
        expires_at: null,
        content_type: "application/pdf",
      };
}
