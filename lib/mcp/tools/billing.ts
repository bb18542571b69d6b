/** `agent-billing`: the billing overview, cards, billing profile, invoices and payment links (/billing/*). */
import { z } from "zod";
import { billingOverview } from "@/lib/billing/overview";
import { createPaymentLink } from "@/lib/checkout/create-link";
import { paymentLinkBodySchema } from "@/lib/checkout/schemas";
import { env } from "@/lib/env";
import { presentBillingOverview } from "@/lib/http/present/billing";
import { presentCreatedLink } from "@/lib/http/present/checkout";
import { presentBillingDocument, presentInvoicePdf } from "@/lib/http/present/invoices";
import {
  presentBillingInfo,
  presentCard,
  presentRemovedCard,
  presentSetupIntent,
  presentStripeConfig,
} from "@/lib/http/present/payments";
import { reply } from "@/lib/http/replies";
import { getInvoice, invoicePdf, listInvoices } from "@/lib/invoices/invoices";
import { getBillingInfo, updateBillingInfo } from "@/lib/payments/billing-info";
import { addCard, listCards, removeCard, setDefaultCard } from "@/lib/payments/cards";
import { addPaymentMethodBodySchema, billingInfoBodySchema, paymentMethodId } from "@/lib/payments/schemas";
import { startSetupIntent } from "@/lib/payments/setup-intent";
import { stripeConfig } from "@/lib/payments/stripe-config";
import { invoiceListQuery } from "@/lib/subscriptions/schemas";
import { action, type McpTool } from "../action";

const cardArg = z.object({ payment_method_id: paymentMethodId });
const invoiceArg = z.object({ invoice_id: z.string().trim().min(1).max(200) });
const linkBody = paymentLinkBodySchema({ min: () => env().fund.minUsd, max: () => env().fund.maxUsd });

export const billingTool: McpTool = {
  name: "agent-billing",
  title: "Billing",
  description:
    "The billing overview, saved cards (tokenized at Stripe with the stripe-config publishable key; never send card numbers here), the billing profile, invoices and receipts, and payment links a human pays on Stripe Checkout.",
  actions: {
    overview: action({
      http: "GET /billing/overview",
      description: "Wallet, cards, subscriptions and pending payments at a glance.",
      auth: true,
      limiter: "general",
      scope: "billing:read",
      run: async ({ db, principal }) =>
        presentBillingOverview(await billingOverview(db, principal.accountId)),
    }),
    "stripe-config": action({
      http: "GET /billing/stripe-config",
      description:
        "The Stripe publishable key and API base to tokenize a card with (POST {api_base}/v1/payment_methods).",
      auth: true,
      limiter: "general",
      scope: "billing:read",
      run: () => presentStripeConfig(stripeConfig()),
    }),
    "payment-methods": action({
      http: "GET /billing/payment-methods",
      description: "The saved cards.",
      auth: true,
      limiter: "general",
      scope: "billing:read",
      run: async ({ db, principal }) => (await listCards(db, principal.accountId)).map(presentCard),
    }),
    "add-payment-method": action({
      http: "POST /billing/payment-methods",
      description: "Save a card tokenized at Stripe (payment_method_id pm_…, make_default default true).",
      auth: true,
      limiter: "billing",
      scope: "billing:write",
      idempotent: true,
      input: addPaymentMethodBodySchema,
      run: async ({ db, principal, input, idempotencyRecordId }) =>
        reply(
          presentCard(await addCard(db, { accountId: principal.accountId, ...input, idempotencyRecordId })),
          201,
        ),
    }),
    "set-default-payment-method": action({
      http: "PUT /billing/payment-methods/[id]/default",
      description: "Make a saved card (payment_method_id) the default.",
      auth: true,
      limiter: "billing",
      scope: "billing:write",
      idempotent: true,
      input: cardArg,
      run: async ({ db, principal, input }) =>
        presentCard(await setDefaultCard(db, principal.accountId, input.payment_method_id)),
    }),
    "remove-payment-method": action({
      http: "DELETE /billing/payment-methods/[id]",
      description: "Detach a saved card (payment_method_id).",
      auth: true,
      limiter: "billing",
      scope: "billing:write",
      idempotent: true,
      input: cardArg,
      run: async ({ db, principal, input }) => {
        await removeCard(db, principal.accountId, input.payment_method_id);
        return presentRemovedCard(input.payment_method_id);
      },
    }),
    "create-setup-intent": action({
      http: "POST /billing/setup-intent",
      description: "A SetupIntent to save a card with Stripe.js (client_secret, setup_intent_id).",
      auth: true,
      limiter: "billing",
      scope: "billing:write",
      idempotent: true,
      run: async ({ db, principal, idempotencyRecordId }) =>
        reply(presentSetupIntent(await startSetupIntent(db, principal.accountId, idempotencyRecordId)), 201),
    }),
    "billing-info": action({
      http: "GET /billing/info",
      description: "The billing profile (name, email, tax id, address).",
      auth: true,
      limiter: "general",
      scope: "billing:read",
      run: async ({ db, principal }) => presentBillingInfo(await getBillingInfo(db, principal.accountId)),
    }),
    "update-billing-info": action({
      http: "PUT /billing/info",
      description: "Update the billing profile (name, email, tax_id, tax_id_type, address_* fields).",
      auth: true,
      limiter: "general",
      scope: "billing:write",
      idempotent: true,
      input: billingInfoBodySchema,
      run: async ({ db, principal, input }) =>
        presentBillingInfo(await updateBillingInfo(db, principal.accountId, input)),
    }),
    invoices: action({
      http: "GET /billing/invoices",
      description: "Subscription invoices and wallet-funding receipts, newest first (limit, offset).",
      auth: true,
      limiter: "general",
      scope: "billing:read",
      input: invoiceListQuery,
      run: async ({ db, principal, input }) =>
        (await listInvoices(db, principal.accountId, input)).map((d) => presentBillingDocument(d)),
    }),
    "invoice-detail": action({
      http: "GET /billing/invoices/[id]",
      description: "One invoice (in_…) or receipt (rcpt_…) with its lines (invoice_id).",
      auth: true,
      limiter: "general",
      scope: "billing:read",
      input: invoiceArg,
      run: async ({ db, principal, input }) =>
        presentBillingDocument(await getInvoice(db, principal.accountId, input.invoice_id), true),
    }),
    "invoice-pdf": action({
      http: "GET /billing/invoices/[id]/pdf",
      description: "Where to download an invoice or receipt as a PDF (invoice_id).",
      auth: true,
      limiter: "general",
      scope: "billing:read",
      input: invoiceArg,
      run: async ({ db, principal, input }) =>
        presentInvoicePdf(await invoicePdf(db, principal.accountId, input.invoice_id)),
    }),
    "create-payment-link": action({
      http: "POST /billing/payment-link",
      description:
        "A Stripe Checkout link for a human to pay: purpose fund (amount in USD) or subscribe (plan_id). Hand payment_url to a person, then call agent-wait with action payment-link.",
      auth: true,
      limiter: "billing",
      scope: "billing:write",
      idempotent: true,
      input: linkBody,
      run: async ({ db, principal, input, idempotencyRecordId }) =>
        reply(
          presentCreatedLink(
            await createPaymentLink(db, {
              accountId: principal.accountId,
              userId: principal.userId,
              request:
                input.purpose === "fund"
                  ? { purpose: "fund", amountMinor: input.amount }
                  : { purpose: "subscribe", planId: input.plan_id },
              idempotencyRecordId,
            }),
          ),
          201,
        ),
    }),
  },
};
