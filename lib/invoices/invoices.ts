/**
 * `GET /billing/invoices[/{id}[/pdf]]`: the account's subscription invoices, read from Stripe (the
 * source of truth, listed by the account's own customer, so another account's invoices cannot
 * appear) merged with Onramp's receipts for wallet fundings, newest first. Drafts and voided
 * invoices are left out: they were never owed. An id that is not the account's is a 404.
 */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { accounts } from "@/lib/db/schema/accounts";
import { subscriptions } from "@/lib/db/schema/subscriptions";
import { AppError, notFound } from "@/lib/errors";
import { isStripeNotFound, providerError } from "@/lib/stripe/errors";
import { type Invoice, listCustomerInvoices, retrieveInvoice } from "@/lib/stripe/subscriptions";
import {
  type BillingDocument,
  invoiceDocument,
  type LocalSubscriptionRef,
  newestFirst,
  receiptDocument,
} from "./documents";
import { receiptDownloadUrl } from "./receipt-link";
import { countReceipts, findReceipt, listReceipts } from "./receipts";

const LISTED = new Set(["open", "paid", "uncollectible"]);

async function customerOf(db: DbOrTx, accountId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: accounts.stripeCustomerId })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  return row?.id ?? null;
}

async function localSubscriptions(db: DbOrTx, accountId: string): Promise<Map<string, LocalSubscriptionRef>> {
  const rows = await db
    .select({
      id: subscriptions.id,
      planId: subscriptions.planId,
      stripeId: subscriptions.stripeSubscriptionId,
    })
    .from(subscriptions)
    .where(eq(subscriptions.accountId, accountId));
  return new Map(rows.map((r) => [r.stripeId, { id: r.id, planId: r.planId }]));
}

async function stripeInvoices(db: DbOrTx, accountId: string): Promise<Invoice[]> {
  const customerId = await customerOf(db, accountId);
  if (!customerId) return [];
  try {
    return (await listCustomerInvoices(customerId)).filter((inv) => LISTED.has(inv.status ?? ""));
  } catch (error) {
    throw providerError(error);
  }
}

export async function listInvoices(
  db: DbOrTx,
  accountId: string,
  input: { limit: number; offset: number },
): Promise<BillingDocument[]> {
  const [invoices, receipts, local] = await Promise.all([
    stripeInvoices(db, accountId),
    listReceipts(db, accountId),
    localSubscriptions(db, accountId),
  ]);
  const all: BillingDocument[] = [
    ...invoices.map((i) => invoiceDocument(i, local)),
    ...receipts.map(receiptDocument),
  ];
  all.sort(newestFirst);
  return all.slice(input.offset, input.offset + input.limit);
}

export async function invoiceCount(db: DbOrTx, accountId: string): Promise<number> {
  const [invoices, receipts] = await Promise.all([
    stripeInvoices(db, accountId),
    countReceipts(db, accountId),
  ]);
  return invoices.length + receipts;
}

/** The account's Stripe invoice, or a 404 (unknown, or another customer's). */
async function ownStripeInvoice(db: DbOrTx, accountId: string, id: string): Promise<Invoice> {
  if (!/^in_[A-Za-z0-9]+$/.test(id)) throw notFound("Invoice");
  const customerId = await customerOf(db, accountId);
  if (!customerId) throw notFound("Invoice");
  let invoice: Invoice;
  try {
    invoice = await retrieveInvoice(id);
  } catch (error) {
    if (isStripeNotFound(error)) throw notFound("Invoice");
    throw providerError(error);
  }
  const owner = typeof invoice.customer === "string" ? invoice.customer : invoice.customer?.id;
  if (owner !== customerId || invoice.status === "draft") throw notFound("Invoice");
  return invoice;
}

export async function getInvoice(db: DbOrTx, accountId: string, id: string): Promise<BillingDocument> {
  if (id.startsWith("rcpt_")) {
    const receipt = await findReceipt(db, accountId, id);
    if (!receipt) throw notFound("Invoice");
    return receiptDocument(receipt);
  }
  const invoice = await ownStripeInvoice(db, accountId, id);
  return invoiceDocument(invoice, await localSubscriptions(db, accountId));
}

/** Where a document's PDF is: Stripe's, or a signed link to Onramp's receipt that expires. */
export type InvoicePdf =
  | { kind: "receipt"; id: string; url: string; expiresAt: Date }
  | { kind: "invoice"; id: string; url: string; hostedInvoiceUrl: string | null };

/** Where to download the document: Stripe's invoice PDF, or a signed link to Onramp's receipt. */
export async function invoicePdf(db: DbOrTx, accountId: string, id: string): Promise<InvoicePdf> {
  if (id.startsWith("rcpt_")) {
    const receipt = await findReceipt(db, accountId, id);
    if (!receipt) throw notFound("Invoice");
    const { url, expiresAt } = receiptDownloadUrl(receipt.id, accountId);
    return { kind: "receipt", id: receipt.id, url, expiresAt };
  }
  const invoice = await ownStripeInvoice(db, accountId, id);
  if (!invoice.invoice_pdf) throw new AppError("conflict", `Invoice ${invoice.id} has no PDF yet.`);
  return {
    kind: "invoice",
    id: invoice.id,
    url: invoice.invoice_pdf,
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
  };
}
