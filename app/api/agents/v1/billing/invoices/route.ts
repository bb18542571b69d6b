// GET /api/agents/v1/billing/invoices — subscription invoices (Stripe) and wallet-funding receipts (Onramp), newest first
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentBillingDocument } from "@/lib/http/present/invoices";
import { invoiceListResponse } from "@/lib/http/present/schemas/invoices";
import { listInvoices } from "@/lib/invoices/invoices";
import { invoiceListQuery } from "@/lib/subscriptions/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "billing:read",
      permission: "read",
      query: invoiceListQuery,
      response: invoiceListResponse,
      errors: ["payment_provider_error"],
    },
    async ({ db, principal, query }) =>
      (await listInvoices(db, principal.accountId, query)).map((d) => presentBillingDocument(d)),
  ),
});
