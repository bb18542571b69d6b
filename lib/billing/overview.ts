/** GET /billing/overview: wallet, cards and payment activity in one call. */
import { and, count, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { ledgerEntries, payments } from "@/lib/db/schema/wallet";
import { invoiceCount } from "@/lib/invoices/invoices";
import { listCards, type SavedCard } from "@/lib/payments/cards";
import { listAccountSubscriptions } from "@/lib/subscriptions/queries";
import type { SubscriptionRow } from "@/lib/subscriptions/sync";
import { ensureWallet, type Wallet } from "@/lib/wallet/ledger";

export interface BillingOverview {
  wallet: Wallet;
  /** Oldest first; one of them is the default when there are any. */
  cards: SavedCard[];
  /** Payments waiting for a person to authenticate them (3-D Secure). */
  paymentsAwaitingAction: number;
  subscriptions: SubscriptionRow[];
  invoiceCount: number;
  /** Money paid into the wallet (card fundings, Checkout, auto-funding), in cents; coupons excluded. */
  depositedMinor: number;
  /** What the wallet paid for generations, net of their refunds, in cents. */
  chargedMinor: number;
}

const DEPOSIT_KINDS = ["fund", "checkout_fund", "auto_fund"] as const;
const CHARGE_KINDS = ["usage", "usage_refund"] as const;

async function ledgerTotals(db: Db, accountId: string) {
  const sumOf = (kinds: readonly (typeof ledgerEntries.$inferSelect.kind)[]) =>
    db
      .select({ total: sql<string>`coalesce(sum(${ledgerEntries.amountMinor}), 0)` })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.accountId, accountId), inArray(ledgerEntries.kind, [...kinds])));
  const [[deposits], [charges]] = await Promise.all([sumOf(DEPOSIT_KINDS), sumOf(CHARGE_KINDS)]);
  // Usage entries are negative: a charge total is their opposite.
  return { depositedMinor: Number(deposits?.total ?? 0), chargedMinor: -Number(charges?.total ?? 0) };
}

export async function billingOverview(db: Db, accountId: string): Promise<BillingOverview> {
  const [wallet, cards, [pending], subscriptions, invoices, totals] = await Promise.all([
    ensureWallet(db, accountId),
    listCards(db, accountId),
    db
      .select({ n: count() })
      .from(payments)
      .where(and(eq(payments.accountId, accountId), eq(payments.status, "requires_action"))),
    listAccountSubscriptions(db, accountId),
    invoiceCount(db, accountId),
    ledgerTotals(db, accountId),
  ]);
  return {
    wallet,
    cards,
    paymentsAwaitingAction: pending?.n ?? 0,
    subscriptions,
    invoiceCount: invoices,
    ...totals,
  };
}
