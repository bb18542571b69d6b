/** GET /billing/overview: wallet, cards and payment activity in one call. */
import { and, count, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { payments } from "@/lib/db/schema/wallet";
import { invoiceCount } from "@/lib/invoices/invoices";
import { listCards, presentCard } from "@/lib/payments/cards";
import { listAccountSubscriptions } from "@/lib/subscriptions/queries";
import { presentAutoFunding } from "@/lib/wallet/auto-funding";
import { ensureWallet } from "@/lib/wallet/ledger";
import { getBalance } from "@/lib/wallet/queries";

export async function billingOverview(db: Db, accountId: string) {
  const [wallet, balance, cards, [pending], subscriptions, invoices] = await Promise.all([
    ensureWallet(db, accountId),
    getBalance(db, accountId),
    listCards(db, accountId),
    db
      .select({ n: count() })
      .from(payments)
      .where(and(eq(payments.accountId, accountId), eq(payments.status, "requires_action"))),
    listAccountSubscriptions(db, accountId),
    invoiceCount(db, accountId),
  ]);
  return {
    wallet_balance: balance.balance,
    wallet: balance,
    auto_funding: presentAutoFunding(wallet),
    payment_methods: cards.map(presentCard),
    default_payment_method: cards.find((c) => c.isDefault)?.id ?? null,
    pending_payments: pending?.n ?? 0,
    // Typed rows: the door presents them (lib/http/present/subscriptions.ts).
    subscriptions,
    invoice_count: invoices,
  };
}
