// GET /api/agents/v1/billing/invoices/{id} — one invoice (in_…) or receipt (rcpt_…) with its lines
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentBillingDocument } from "@/lib/http/present/invoices";
import { invoiceDetailResponse } from "@/lib/http/present/schemas/invoices";
import { getInvoice } from "@/lib/invoices/invoices";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "billing:read",
      permission: "read",
      response: invoiceDetailResponse,
      errors: ["not_found", "payment_provider_error"],
    },
    async ({ db, principal, params }) =>
      presentBillingDocument(await getInvoice(db, principal.accountId, String(params.id ?? "")), true),
  ),
});
