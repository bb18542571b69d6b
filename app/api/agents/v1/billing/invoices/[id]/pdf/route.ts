// GET /api/agents/v1/billing/invoices/{id}/pdf — where to download it: Stripe's invoice PDF, or a signed link to the receipt
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentInvoicePdf } from "@/lib/http/present/invoices";
import { invoicePdf } from "@/lib/invoices/invoices";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    { auth: true, limiter: "general", scope: "billing:read", permission: "read" },
    async ({ db, principal, params }) =>
      presentInvoicePdf(await invoicePdf(db, principal.accountId, String(params.id ?? ""))),
  ),
});
