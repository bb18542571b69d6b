/**
 * Receipts for wallet fundings. A funding is a ledger credit of kind fund, auto_fund or
 * checkout_fund paid through Stripe; Stripe issues no invoice for those, so Onramp issues the
 * receipt itself. Its id is derived from the ledger entry (`rcpt_` + the entry's uuid without
 * dashes) and its number from the entry's sequence, so both are stable and need no table.
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { ledgerEntries, paymentMethods } from "@/lib/db/schema/wallet";
import { retrievePaymentMethod } from "@/lib/stripe/payments";

export const RECEIPT_KINDS = ["fund", "auto_fund", "checkout_fund"] as const;

type LedgerEntry = typeof ledgerEntries.$inferSelect;

export interface Receipt {
  id: string;
  number: string;
  entry: LedgerEntry;
  paymentIntentId: string | null;
  refundedMinor: number;
  card: { brand: string; last4: string } | null;
}

export const receiptIdOf = (entryId: string) => `rcpt_${entryId.replaceAll("-", "")}`;

/** The ledger entry id a receipt id names, or null when it cannot name one. */
export function entryIdOf(receiptId: string): string | null {
  const m = /^rcpt_([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/.exec(receiptId);
  return m ? m.slice(1).join("-") : null;
}

const paymentIntentOf = (entry: LedgerEntry): string | null => {
  if (entry.externalId.startsWith("pi_")) return entry.externalId;
  const fromMetadata = (entry.metadata as Record<string, unknown> | null)?.payment_intent_id;
  return typeof fromMetadata === "string" ? fromMetadata : null;
};

async function decorate(db: DbOrTx, accountId: string, entries: LedgerEntry[]): Promise<Receipt[]> {
  if (entries.length === 0) return [];
  const intents = entries.map(paymentIntentOf).filter((id): id is string => id !== null);
  const refunds = intents.length
    ? await db
        .select({
          pi: sql<string>`${ledgerEntries.metadata}->>'payment_intent_id'`,
          total: sql<string>`sum(-${ledgerEntries.amountMinor})`,
        })
        .from(ledgerEntries)
        .where(
          and(
            eq(ledgerEntries.accountId, accountId),
            eq(ledgerEntries.kind, "refund"),
            inArray(sql`${ledgerEntries.metadata}->>'payment_intent_id'`, intents),
          ),
        )
        .groupBy(sql`${ledgerEntries.metadata}->>'payment_intent_id'`)
    : [];
  const refundedBy = new Map(refunds.map((r) => [r.pi, Number(r.total)]));
  const pmIds = entries
    .map((e) => (e.metadata as Record<string, unknown> | null)?.payment_method_id)
    .filter((id): id is string => typeof id === "string");
  const cards = pmIds.length
    ? await db
        .select({ id: paymentMethods.id, brand: paymentMethods.brand, last4: paymentMethods.last4 })
        .from(paymentMethods)
        .where(and(eq(paymentMethods.accountId, accountId), inArray(paymentMethods.id, pmIds)))
    : [];
  const cardBy = new Map(cards.map((c) => [c.id, { brand: c.brand, last4: c.last4 }]));
  return entries.map((entry) => {
    const pi = paymentIntentOf(entry);
    const pm = (entry.metadata as Record<string, unknown> | null)?.payment_method_id;
    return {
      id: receiptIdOf(entry.id),
      number: `R-${String(entry.seq).padStart(6, "0")}`,
      entry,
      paymentIntentId: pi,
      refundedMinor: pi ? (refundedBy.get(pi) ?? 0) : 0,
      card: typeof pm === "string" ? (cardBy.get(pm) ?? null) : null,
    };
  });
}

const fundings = (accountId: string) =>
  and(
    eq(ledgerEntries.accountId, accountId),
    eq(ledgerEntries.source, "stripe"),
    inArray(ledgerEntries.kind, [...RECEIPT_KINDS]),
  );

export async function listReceipts(db: DbOrTx, accountId: string, max = 300): Promise<Receipt[]> {
  const entries = await db
    .select()
    .from(ledgerEntries)
    .where(fundings(accountId))
    .orderBy(desc(ledgerEntries.seq))
    .limit(max);
  return decorate(db, accountId, entries);
}

export async function countReceipts(db: DbOrTx, accountId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(ledgerEntries)
    .where(fundings(accountId));
  return row?.n ?? 0;
}

/** The account's receipt, or null (unknown, malformed, or another account's: the same answer). */
export async function findReceipt(
  db: DbOrTx,
  accountId: string | null,
  receiptId: string,
): Promise<Receipt | null> {
  const entryId = entryIdOf(receiptId);
  if (!entryId) return null;
  const [entry] = await db
    .select()
    .from(ledgerEntries)
    .where(
      and(
        eq(ledgerEntries.id, entryId),
        eq(ledgerEntries.source, "stripe"),
        inArray(ledgerEntries.kind, [...RECEIPT_KINDS]),
      ),
    )
    .orderBy(asc(ledgerEntries.seq));
  if (!entry || (accountId !== null && entry.accountId !== accountId)) return null;
  const [receipt] = await decorate(db, entry.accountId, [entry]);
  if (!receipt) return null;
  const pm = (entry.metadata as Record<string, unknown> | null)?.payment_method_id;
  if (!receipt.card && typeof pm === "string") {
    // Not in the mirror (never listed, or removed since): Stripe still knows the card.
    const card = await retrievePaymentMethod(pm).then(
      (p) => p.card,
      () => null,
    );
    if (card) receipt.card = { brand: card.brand, last4: card.last4 };
  }
  return receipt;
}
