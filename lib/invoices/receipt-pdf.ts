/** The PDF of a wallet-funding receipt, drawn with pdf-lib's standard fonts (no assets to ship). */
import { PDFDocument, type PDFFont, rgb, StandardFonts } from "pdf-lib";
import { formatUsd } from "@/lib/money";
import type { Receipt } from "./receipts";

export interface ReceiptParty {
  name: string | null;
  email: string | null;
  addressLines: string[];
}

const ink = rgb(0.06, 0.09, 0.16);
const grey = rgb(0.39, 0.45, 0.55);

/** Standard fonts encode WinAnsi only: replace what they cannot draw rather than throw. */
const safe = (s: string) =>
  s
    .replace(/[–—]/g, "-")
    .replace(/[•…]/g, ".")
    .replace(/[^\x20-\x7E\xA0-\xFF]/g, "?");

const longDate = (d: Date) =>
  d.toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });

export async function renderReceiptPdf(
  receipt: Receipt,
  billedTo: ReceiptParty,
  issuer: { name: string; url: string },
): Promise<Uint8Array> {
  const { entry } = receipt;
  const doc = await PDFDocument.create();
  doc.setTitle(`Receipt ${receipt.number}`);
  doc.setAuthor(issuer.name);
  doc.setSubject(receipt.id);
  doc.setProducer("Onramp");
  doc.setCreationDate(entry.createdAt);
  const page = doc.addPage([612, 792]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let y = 736;
  const text = (s: string, x: number, size = 10, f: PDFFont = font, color = ink) =>
    page.drawText(safe(s), { x, y, size, font: f, color });
  const right = (s: string, xRight: number, size = 10, f: PDFFont = font, color = ink) =>
    page.drawText(safe(s), { x: xRight - f.widthOfTextAtSize(safe(s), size), y, size, font: f, color });
  const rule = () => page.drawLine({ start: { x: 50, y }, end: { x: 562, y }, thickness: 0.5, color: grey });

  const refunded = receipt.refundedMinor > 0;
  text("Receipt", 50, 24, bold);
  right(
    refunded ? (receipt.refundedMinor >= entry.amountMinor ? "REFUNDED" : "PARTIALLY REFUNDED") : "PAID",
    562,
    12,
    bold,
  );
  y -= 32;
  const facts: Array<[string, string]> = [
    ["Receipt number", receipt.number],
    ["Date paid", longDate(entry.createdAt)],
    ["Payment reference", entry.externalId],
  ];
  if (receipt.card)
    facts.push(["Payment method", `${receipt.card.brand.toUpperCase()} ending in ${receipt.card.last4}`]);
  for (const [label, value] of facts) {
    text(label, 50, 10, font, grey);
    text(value, 170);
    y -= 15;
  }
  y -= 20;
  text(issuer.name, 50, 11, bold);
  text("Billed to", 320, 11, bold);
  y -= 15;
  const left = [issuer.url];
  const rightLines = [billedTo.name, billedTo.email, ...billedTo.addressLines].filter((l): l is string =>
    Boolean(l),
  );
  for (let i = 0; i < Math.max(left.length, rightLines.length); i++) {
    if (left[i]) text(left[i] as string, 50, 10, font, grey);
    if (rightLines[i]) text(rightLines[i] as string, 320);
    y -= 14;
  }
  y -= 24;
  text(`${formatUsd(entry.amountMinor)} paid on ${longDate(entry.createdAt)}`, 50, 16, bold);
  y -= 34;
  text("Description", 50, 9, bold, grey);
  right("Qty", 430, 9, bold, grey);
  right("Amount", 562, 9, bold, grey);
  y -= 8;
  rule();
  y -= 18;
  const description =
    entry.kind === "auto_fund"
      ? "Automatic wallet top-up (prepaid credit)"
      : "Wallet funding (prepaid credit)";
  text(description, 50);
  right("1", 430);
  right(formatUsd(entry.amountMinor), 562);
  y -= 14;
  rule();
  y -= 18;
  const totals: Array<[string, number]> = [
    ["Subtotal", entry.amountMinor],
    ["Total", entry.amountMinor],
    ["Amount paid", entry.amountMinor],
  ];
  if (refunded) totals.push(["Refunded", -receipt.refundedMinor]);
  for (const [label, minor] of totals) {
    right(label, 430, 10, label === "Amount paid" ? bold : font);
    right(formatUsd(minor), 562, 10, label === "Amount paid" ? bold : font);
    y -= 16;
  }
  y -= 30;
  text(
    "Prepaid credit is added to the wallet and spent on generation requests. All amounts in US dollars.",
    50,
    9,
    font,
    grey,
  );
  y -= 13;
  text(`Receipt id ${receipt.id}`, 50, 9, font, grey);
  return doc.save();
}
