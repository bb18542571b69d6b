/** Hosted invoice page (`hosted_invoice_url`), its PDF (`invoice_pdf`) and charge receipts. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { renderInvoicePdf } from "../billing/invoice-pdf";
import { invoiceByToken } from "../billing/invoices";
import type { Engine } from "../engine";
import { sendHtml, sendText } from "../http/respond";
import { formatAmount } from "../resources/shared";
import { esc, page } from "./html";

const date = (t: number | null | undefined) =>
  t
    ? new Date(t * 1000).toLocaleDateString("en-US", {
        year: "numeric",
        month: "long",
        day: "numeric",
        timeZone: "UTC",
      })
    : "—";

export async function handleInvoicePage(
  engine: Engine,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  if ((req.method ?? "GET").toUpperCase() !== "GET") return false;
  const receipt = /^\/receipts\/(pi_[A-Za-z0-9]+)$/.exec(url.pathname);
  if (receipt) {
    const pi = engine.store.get("payment_intent", receipt[1] ?? "");
    if (!pi) return false;
    sendHtml(
      res,
      200,
      page(
        "Receipt",
        `<section class="card"><span class="badge">TEST MODE</span><h1>Receipt from Onramp</h1><div class="total">${esc(formatAmount(pi.amount_received || pi.amount, pi.currency))}</div><p class="muted">Paid ${esc(date(pi.created))} · ${esc(pi.id)}</p></section>`,
      ),
    );
    return true;
  }
  const m = /^\/i\/(inv_[A-Za-z0-9]+)(\/pdf)?$/.exec(url.pathname);
  if (!m) return false;
  const invoice = invoiceByToken(engine, m[1] ?? "");
  if (!invoice) {
    sendHtml(res, 404, page("Invoice", `<section class="card"><h1>Invoice not found</h1></section>`));
    return true;
  }
  if (m[2]) {
    const pdf = await renderInvoicePdf(invoice);
    sendText(res, 200, "application/pdf", pdf, {
      "content-disposition": `inline; filename="Invoice-${invoice.number ?? invoice.id}.pdf"`,
    });
    return true;
  }
  const rows = invoice.lines.data
    .map(
      (l) =>
        `<tr><td>${esc(l.description)}<div class="muted">${esc(date(l.period.start))} – ${esc(date(l.period.end))}</div></td><td class="num">${esc(formatAmount(l.amount, invoice.currency))}</td></tr>`,
    )
    .join("");
  sendHtml(
    res,
    200,
    page(
      `Invoice ${invoice.number ?? invoice.id}`,
      `<section class="card"><span class="badge">TEST MODE</span><h1>Invoice from Onramp</h1>
<div class="total" data-testid="invoice-amount">${esc(formatAmount(invoice.amount_due, invoice.currency))}</div>
<p data-testid="invoice-status">${invoice.status === "paid" ? `Paid ${esc(date(invoice.status_transitions.paid_at))}` : `Status: ${esc(invoice.status)}`}</p>
<p class="muted">Invoice ${esc(invoice.number ?? "(draft)")} · ${esc(invoice.customer_email ?? "")}</p>
<p><a href="${esc(invoice.invoice_pdf ?? "#")}" data-testid="invoice-pdf-link">Download invoice (PDF)</a></p></section>
<section class="card"><table>${rows}<tr><td><strong>Total</strong></td><td class="num"><strong>${esc(formatAmount(invoice.total, invoice.currency))}</strong></td></tr></table></section>`,
    ),
  );
  return true;
}
