// GET /api/agents/v1/billing/invoices/{id}/pdf — where to download it: Stripe's invoice PDF, or a signed link to the receipt
import { agentRoute, reply } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentInvoicePdf } from "@/lib/http/present/invoices";
import { invoicePdfResponse } from "@/lib/http/present/schemas/invoices";
import { invoicePdf } from "@/lib/invoices/invoices";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "billing:read",
      permission: "read",
      response: invoicePdfResponse,
      errors: ["not_found", "conflict", "payment_provider_error"],
    },
    async ({ db, principal, params }) => {
      const pdf = presentInvoicePdf(await invoicePdf(db, principal.accountId, String(params.id ?? "")));
      // The official CLI reads `url` at the top level of the body.
      return reply(pdf, 200, {}, {}, { url: pdf.url });
    },
  ),
});
