/**
 * The wallet purchase a PaymentIntent paid for — a card funding (`fund`, `auto_fund`) or a
 * Checkout funding (`checkout_fund`) — and the coupon bonus it earned. A refund or a dispute can be
 * heard of before the payment itself (its webhook lost or late), so the purchase is credited first
 * when it was not yet: money is never taken back for a credit that was never given.
 *
 * With the inbox rather than in the wallet: crediting a Checkout purchase goes through its payment
 * link (lib/checkout), which sits above the wallet; refunds and disputes reach the wallet from here.
 */
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { syncLink } from "@/lib/checkout/links";
import type { Db } from "@/lib/db/client";
import { couponRedemptions, ledgerEntries } from "@/lib/db/schema/wallet";
import { ownAccountOf } from "@/lib/payments/own-account";
import { checkoutSessionForIntent } from "@/lib/stripe/clawbacks";
import type { PaymentIntent } from "@/lib/stripe/payments";
import { settlePaymentIntent } from "@/lib/wallet/settle-payment";

export const WALLET_PURPOSES = new Set(["fund", "auto_fund", "checkout_fund"]);

export interface WalletPurchase {
  accountId: string;
  amountMinor: number;
  bonusMinor: number;
}

async function checkoutCredited(db: Db, paymentIntentId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: ledgerEntries.id })
    .from(ledgerEntries)
    .where(
      and(
        eq(ledgerEntries.kind, "checkout_fund"),
        sql`${ledgerEntries.metadata}->>'payment_intent_id' = ${paymentIntentId}`,
      ),
    )
    .limit(1);
  return Boolean(row);
}

async function bonusEarned(db: Db, accountId: string, paymentIntentId: string): Promise<number> {
  const [row] = await db
    .select({ amount: ledgerEntries.amountMinor })
    .from(couponRedemptions)
    .innerJoin(ledgerEntries, eq(ledgerEntries.id, couponRedemptions.ledgerEntryId))
    .where(
      and(
        eq(couponRedemptions.accountId, accountId),
        eq(couponRedemptions.paymentIntentId, paymentIntentId),
        isNotNull(couponRedemptions.ledgerEntryId),
      ),
    );
  return row?.amount ?? 0;
}

/** Null when the intent did not buy wallet credit for one of our accounts. */
export async function walletPurchaseOf(
  db: Db,
  intent: PaymentIntent,
  cause: { by: "webhook" | "reconciler"; causeRef: string | null },
): Promise<WalletPurchase | null> {
  const purpose = intent.metadata?.onramp_purpose;
  if (!purpose || !WALLET_PURPOSES.has(purpose)) return null;
  const accountId = await ownAccountOf(db, intent);
  if (!accountId) return null;
  if (purpose === "checkout_fund") {
    if (!(await checkoutCredited(db, intent.id))) {
      const session = await checkoutSessionForIntent(intent.id);
      if (session) await syncLink(db, session.id, cause.by);
    }
  } else {
    await settlePaymentIntent(db, intent, {
      actor: { userId: null, kind: "system" },
      causeRef: cause.causeRef,
    });
  }
  return { accountId, amountMinor: intent.amount, bonusMinor: await bonusEarned(db, accountId, intent.id) };
}
