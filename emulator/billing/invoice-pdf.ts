/** A real PDF for `invoice_pdf`, drawn with pdf-lib (standard fonts, no assets). */
import { PDFDocument, rgb, StandardFonts } from "pdf-lib";
import type Stripe from "stripe";
import { formatAmount } from "../resources/shared";

const date = (t: number | null | undefined) =>
  t
    ? new Date(t * 1000).toLocaleDateString("en-US", {
        year: "numeric",
        month: "long",
        day: "numeric",
        timeZone: "UTC",
      })
    : "—";

/** Standard fonts are WinAnsi only: replace what they cannot draw. */
const safe = (s: string) =>
  s
    .replace(/×/g, "x")
    .replace(/[–—]/g, "-")
    .replace(/[^\x20-\x7E\xA0-\xFF]/g, "?");

export async function renderInvoicePdf(invoice: Stripe.Invoice): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Invoice ${invoice.number ?? invoice.id}`);
  doc.setAuthor("Onramp (emulated Stripe)");
  doc.setSubject(invoice.id);
  doc.setCreationDate(new Date(invoice.created * 1000));
  const pageSize: [number, number] = [612, 792];
  let page = doc.addPage(pageSize);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const grey = rgb(0.41, 0.45, 0.53);
  let y = 740;
  const text = (s: string, x: number, size = 10, f = font, color = rgb(0.1, 0.12, 0.21)) => {
    page.drawText(safe(s), { x, y, size, font: f, color });
  };
  const right = (s: string, xRight: number, size = 10, f = font) => {
    const w = f.widthOfTextAtSize(safe(s), size);
    page.drawText(safe(s), { x: xRight - w, y, size, font: f, color: rgb(0.1, 0.12, 0.21) });
  };

  text("Invoice", 50, 24, bold);
  right(invoice.status === "paid" ? "PAID" : String(invoice.status ?? "").toUpperCase(), 562, 12, bold);
  y -= 30;
  text(`Invoice number   ${invoice.number ?? "(draft)"}`, 50);
  y -= 14;
  text(`Date of issue    ${date(invoice.status_transitions.finalized_at ?? invoice.created)}`, 50);
  y -= 14;
  text(
    `Date due         ${date(invoice.due_date ?? invoice.status_transitions.finalized_at ?? invoice.created)}`,
    50,
  );
  y -= 28;
  text("Onramp", 50, 11, bold);
  text("Bill to", 320, 11, bold);
  y -= 14;
  text("Emulated Stripe account (test mode)", 50, 10, font, grey);
  text(invoice.customer_name ?? invoice.customer_email ?? String(invoice.customer ?? ""), 320);
  y -= 14;
  if (invoice.customer_email) text(invoice.customer_email, 320);
  y -= 36;
  text(
    `${formatAmount(invoice.amount_due, invoice.currency)} ${invoice.status === "paid" ? "paid" : "due"} ${date(invoice.status_transitions.paid_at ?? invoice.due_date ?? invoice.created)}`,
    50,
    16,
    bold,
  );
  y -= 34;
  text("Description", 50, 9, bold, grey);
  right("Qty", 400, 9, bold);
  right("Amount", 562, 9, bold);
  y -= 8;
  page.drawLine({ start: { x: 50, y }, end: { x: 562, y }, thickness: 0.5, color: grey });
  y -= 16;
  for (const line of invoice.lines.data) {
    if (y < 120) {
      page = doc.addPage(pageSize);
      y = 740;
    }
    const desc = line.description ?? "Item";
    text(desc.length > 70 ? `${desc.slice(0, 67)}...` : desc, 50);
    right(String(line.quantity ?? 1), 400);
    right(formatAmount(line.amount, invoice.currency), 562);
    y -= 12;
    text(`${date(line.period.start)} - ${date(line.period.end)}`, 50, 8, font, grey);
    y -= 18;
  }
  page.drawLine({ start: { x: 320, y: y + 6 }, end: { x: 562, y: y + 6 }, thickness: 0.5, color: grey });
  y -= 10;
  const totals: Array<[string, number]> = [
    ["Subtotal", invoice.subtotal],
    ["Total", invoice.total],
  ];
  if (invoice.starting_balance)
    totals.push(["Applied balance", -Math.min(invoice.total, -invoice.starting_balance)]);
  totals.push(["Amount paid", invoice.amount_paid], ["Amount due", invoice.amount_remaining]);
  for (const [label, value] of totals) {
    text(label, 320, 10, label === "Amount due" ? bold : font);
    right(formatAmount(value, invoice.currency), 562, 10, label === "Amount due" ? bold : font);
    y -= 16;
  }
  y = 60;
  text(
    `${invoice.id} · emulated by the Onramp local Stripe emulator; not a real tax document.`,
    50,
    8,
    font,
    grey,
  );
  return doc.save();
}
