import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { invoiceDocument, newestFirst, receiptDocument } from "@/lib/invoices/documents";
import type { Receipt } from "@/lib/invoices/receipts";
import type { Invoice } from "@/lib/stripe/subscriptions";
import { presentBillingDocument, presentInvoicePdf } from "./invoices";

const stripeInvoice = (over: Record<string, unknown> = {}) =>
  ({
    id: "in_100",
    object: "invoice",
    number: "INV-0100",
    status: "paid",
    total: 2_900,
    amount_due: 2_900,
    amount_paid: 2_900,
    amount_remaining: 0,
    currency: "usd",
    description: null,
    billing_reason: "subscription_create",
    parent: { subscription_details: { subscription: "sub_1" } },
    period_start: 1_793_491_200,
    period_end: 1_793_491_200,
    created: 1_793_491_205,
    status_transitions: { paid_at: 1_793_491_206 },
    hosted_invoice_url: "https://invoice.example/in_100",
    attempt_count: 1,
    next_payment_attempt: null,
    lines: {
      data: [
        {
          description: "1 × Standard (at $29.00 / month)",
          amount: 2_900,
          quantity: 1,
          period: { start: 1_793_491_200, end: 1_796_083_200 },
          parent: { subscription_item_details: { proration: false } },
        },
      ],
    },
    ...over,
  }) as unknown as Invoice;

const receipt = (over: { refundedMinor?: number; createdAt?: Date; id?: string } = {}): Receipt => ({
  id: over.id ?? "rcpt_0123456789abcdef0123456789abcdef",
  number: "R-000042",
  paymentIntentId: "pi_fund",
  refundedMinor: over.refundedMinor ?? 0,
  card: { brand: "visa", last4: "4242" },
  entry: {
    id: "01234567-89ab-cdef-0123-456789abcdef",
    seq: 42,
    walletId: "00000000-0000-4000-8000-000000000002",
    accountId: "00000000-0000-4000-8000-000000000001",
    amountMinor: 2_550,
    balanceAfterMinor: 2_550,
    currency: "USD",
    kind: "fund",
    source: "stripe",
    externalId: "pi_fund",
    description: "Wallet funding",
    actorUserId: null,
    actorKind: "agent",
    causeRef: null,
    reversesEntryId: null,
    metadata: {},
    createdAt: over.createdAt ?? new Date("2026-11-02T10:00:00.789Z"),
  } as Receipt["entry"],
});

const local = new Map([["sub_1", { id: 5, planId: 2 }]]);

describe("GET /billing/invoices: Stripe's invoices and Onramp's receipts in one shape", () => {
  test("a subscription invoice: USD amounts, the account's own subscription, ISO dates", () => {
    const listed = presentBillingDocument(invoiceDocument(stripeInvoice(), local));
    assert.deepEqual(listed, {
      id: "in_100",
      object: "invoice",
      type: "subscription",
      number: "INV-0100",
      status: "paid",
      amount: 29,
      amount_due: 29,
      amount_paid: 29,
      amount_remaining: 0,
      amount_refunded: 0,
      currency: "USD",
      description: "1 × Standard (at $29.00 / month)",
      billing_reason: "subscription_create",
      subscription_id: 5,
      plan_id: 2,
      stripe_subscription_id: "sub_1",
      period_start: "2026-11-01T00:00:00.000Z",
      period_end: "2026-12-01T00:00:00.000Z",
      payment_reference: null,
      created_at: "2026-11-01T00:00:05.000Z",
      paid_at: "2026-11-01T00:00:06.000Z",
      hosted_invoice_url: "https://invoice.example/in_100",
    });
    const one = presentBillingDocument(invoiceDocument(stripeInvoice(), new Map()), true);
    assert.equal(one.subscription_id, null, "another customer's subscription is never named");
    assert.deepEqual((one as { lines: unknown }).lines, [
      {
        description: "1 × Standard (at $29.00 / month)",
        amount: 29,
        quantity: 1,
        period_start: "2026-11-01T00:00:00.000Z",
        period_end: "2026-12-01T00:00:00.000Z",
        proration: false,
      },
    ]);
    assert.equal((one as { attempt_count: number }).attempt_count, 1);
  });

  test("a receipt: the funding's amount, what was refunded, dated to the second", () => {
    const listed = presentBillingDocument(receiptDocument(receipt({ refundedMinor: 550 })));
    assert.deepEqual(listed, {
      id: "rcpt_0123456789abcdef0123456789abcdef",
      object: "receipt",
      type: "wallet_funding",
      number: "R-000042",
      status: "partially_refunded",
      amount: 25.5,
      amount_due: 0,
      amount_paid: 25.5,
      amount_remaining: 0,
      amount_refunded: 5.5,
      currency: "USD",
      description: "Wallet funding",
      billing_reason: "wallet_funding",
      subscription_id: null,
      plan_id: null,
      stripe_subscription_id: null,
      period_start: null,
      period_end: null,
      payment_reference: "pi_fund",
      created_at: "2026-11-02T10:00:00.000Z",
      paid_at: "2026-11-02T10:00:00.000Z",
      hosted_invoice_url: null,
    });
    const one = presentBillingDocument(receiptDocument(receipt({ refundedMinor: 2_550 })), true);
    assert.equal(one.status, "refunded");
    assert.deepEqual((one as { payment_method: unknown }).payment_method, { brand: "visa", last4: "4242" });
    assert.equal(
      (one as { lines: Array<{ description: string }> }).lines[0]?.description,
      "Wallet funding (prepaid credit)",
    );
  });

  test("merged newest first; documents of the same second by id, descending", () => {
    const docs = [
      invoiceDocument(stripeInvoice({ id: "in_old", created: 1_793_000_000 }), local),
      receiptDocument(receipt({ createdAt: new Date(1_793_491_205_900), id: "rcpt_a" })),
      invoiceDocument(stripeInvoice(), local),
      receiptDocument(receipt({ createdAt: new Date(1_793_600_000_000), id: "rcpt_new" })),
    ];
    assert.deepEqual(
      docs.sort(newestFirst).map((d) => d.id),
      ["rcpt_new", "rcpt_a", "in_100", "in_old"],
    );
  });

  test("the PDF: a receipt's signed link expires; an invoice's PDF is Stripe's", () => {
    assert.deepEqual(
      presentInvoicePdf({
        kind: "receipt",
        id: "rcpt_1",
        url: "http://x/receipts/rcpt_1?sig=s",
        expiresAt: new Date("2026-11-02T11:00:00Z"),
      }),
      {
        id: "rcpt_1",
        type: "wallet_funding",
        url: "http://x/receipts/rcpt_1?sig=s",
        pdf_url: "http://x/receipts/rcpt_1?sig=s",
        receipt_url: "http://x/receipts/rcpt_1?sig=s",
        hosted_invoice_url: null,
        expires_at: "2026-11-02T11:00:00.000Z",
        content_type: "application/pdf",
      },
    );
    assert.deepEqual(
      presentInvoicePdf({ kind: "invoice", id: "in_1", url: "https://pdf/in_1", hostedInvoiceUrl: null }),
      {
        id: "in_1",
        type: "subscription",
        url: "https://pdf/in_1",
        pdf_url: "https://pdf/in_1",
        receipt_url: null,
        hosted_invoice_url: null,
        expires_at: null,
        content_type: "application/pdf",
      },
    );
  });
});
