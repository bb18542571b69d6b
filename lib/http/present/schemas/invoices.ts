/**
 * Response schemas of /billing/invoices (presenter: ../invoices.ts): one shape for Stripe's
 * subscription invoices (`in_…`) and Onramp's wallet-funding receipts (`rcpt_…`), told apart by
 * `object`; the single-document answer adds the lines.
 */
import { z } from "zod";
import { isoDate, nullableIso, usd } from "./common";

const invoice = z.object({
  id: z.string(),
  object: z.literal("invoice"),
  type: z.enum(["subscription", "invoice"]),
  number: z.string().nullable(),
  status: z.string().nullable().describe("Stripe's invoice status: open, paid or uncollectible."),
  amount: usd,
  amount_due: usd,
  amount_paid: usd,
  amount_remaining: usd,
  amount_refunded: usd,
  currency: z.string(),
  description: z.string().nullable(),
  billing_reason: z.string().nullable(),
  subscription_id: z.number().int().nullable(),
  plan_id: z.number().int().nullable(),
  stripe_subscription_id: z.string().nullable(),
  period_start: nullableIso,
  period_end: nullableIso,
  payment_reference: z.null(),
  created_at: nullableIso,
  paid_at: nullableIso,
  hosted_invoice_url: z.string().nullable(),
});

const receipt = z.object({
  id: z.string(),
  object: z.literal("receipt"),
  type: z.literal("wallet_funding"),
  number: z.string(),
  status: z.enum(["paid", "refunded", "partially_refunded"]),
  amount: usd,
  amount_due: usd,
  amount_paid: usd,
  amount_remaining: usd,
  amount_refunded: usd,
  currency: z.string(),
  description: z.string(),
  billing_reason: z.enum(["wallet_funding", "auto_funding"]),
  subscription_id: z.null(),
  plan_id: z.null(),
  stripe_subscription_id: z.null(),
  period_start: z.null(),
  period_end: z.null(),
  payment_reference: z
    .string()
    .describe("The Stripe payment the funding was (a PaymentIntent or Checkout session id)."),
  created_at: isoDate,
  paid_at: isoDate,
  hosted_invoice_url: z.null(),
});

const line = z.object({
  description: z.string().nullable(),
  amount: usd,
  quantity: z.number().nullable(),
  period_start: nullableIso,
  period_end: nullableIso,
  proration: z.boolean(),
});

export const invoiceListResponse = z.array(z.union([invoice, receipt]));

export const invoiceDetailResponse = z.union([
  invoice.extend({
    lines: z.array(line),
    attempt_count: z.number().int(),
    next_payment_attempt: nullableIso,
  }),
  receipt.extend({
    lines: z.array(line),
    payment_intent_id: z.string().nullable(),
    payment_method: z.object({ brand: z.string(), last4: z.string() }).nullable(),
  }),
]);

const pdfLinks = {
  id: z.string(),
  url: z.string(),
  pdf_url: z.string().describe("Alias of url."),
  content_type: z.literal("application/pdf"),
};

export const invoicePdfResponse = z.union([
  z.object({
    ...pdfLinks,
    type: z.literal("wallet_funding"),
    receipt_url: z.string(),
    hosted_invoice_url: z.null(),
    expires_at: isoDate.describe("The signed receipt link stops working then."),
  }),
  z.object({
    ...pdfLinks,
    type: z.literal("subscription"),
    receipt_url: z.null(),
    hosted_invoice_url: z.string().nullable(),
    expires_at: z.null(),
  }),
]);
