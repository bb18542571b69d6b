/** GET /billing/overview: wallet, cards and payment activity in one call. */
import { and, count, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { payments } from "@/lib/db/schema/wallet";
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
}

export async function billingOverview(db: Db, accountId: string): Promise<BillingOverview> {
  const [wallet, cards, [pending], subscriptions, invoices] = await Promise.all([
    ensureWallet(db, accountId),
    listCards(db, accountId),
    db
      .select({ n: count() })
      .from(payments)
      .where(and(eq(payments.accountId, accountId), eq(payments.status, "requires_action"))),
    listAccountSubscriptions(db, accountId),
    invoiceCount(db, accountId),
  ]);
  return {
    wallet,
    cards,
    paymentsAwaitingAction: pending?.n ?? 0,
    subscriptions,
    invoiceCount: invoices,
  };
}
