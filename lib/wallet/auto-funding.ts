/**
 * Auto-funding: when a debit leaves the balance under the threshold, charge the default card
 * off-session once for the configured amount. "Once" is per low-balance episode: the episode is
 * named by the wallet's total credited so far, which only changes when money comes in, and it is
 * both the ledger reference and the Stripe idempotency key — concurrent debits trigger one charge.
 */
import { and, eq } from "drizzle-orm";
import { ensureStripeCustomer } from "@/lib/billing/customer";
import { defaultCard } from "@/lib/billing/payment-methods";
import type { Db } from "@/lib/db/client";
import { wallets } from "@/lib/db/schema/wallet";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { minorToUsd } from "@/lib/money";
import { cardFailure } from "@/lib/stripe/errors";
import { chargeOffSession } from "@/lib/stripe/payments";
import { ensureWallet, type Wallet } from "./ledger";
import { settlePaymentIntent } from "./settle-payment";

export function presentAutoFunding(wallet: Wallet) {
  return {
    enabled: wallet.autoFundingEnabled,
    auto_charge_amount:
      wallet.autoFundingAmountMinor === null ? null : minorToUsd(wallet.autoFundingAmountMinor),
    charge_threshold:
      wallet.autoFundingThresholdMinor === null ? null : minorToUsd(wallet.autoFundingThresholdMinor),
    currency: wallet.currency,
  };
}

export async function configureAutoFunding(
  db: Db,
  input: { accountId: string; amountMinor: number; thresholdMinor: number },
) {
  const card = await defaultCard(db, input.accountId);
  if (!card) {
    throw new AppError(
      "conflict",
      "Auto-funding charges your default card: add one first with POST /billing/payment-methods.",
    );
  }
  const wallet = await ensureWallet(db, input.accountId);
  const [updated] = await db
    .update(wallets)
    .set({
      autoFundingEnabled: true,
      autoFundingAmountMinor: input.amountMinor,
      autoFundingThresholdMinor: input.thresholdMinor,
      updatedAt: new Date(),
    })
    .where(eq(wallets.id, wallet.id))
    .returning();
  return {
    auto_funding: presentAutoFunding(updated ?? wallet),
    payment_method: { id: card.id, brand: card.brand, last4: card.last4 },
  };
}

export async function disableAutoFunding(db: Db, accountId: string) {
  const wallet = await ensureWallet(db, accountId);
  const [updated] = await db
    .update(wallets)
    .set({ autoFundingEnabled: false, updatedAt: new Date() })
    .where(and(eq(wallets.id, wallet.id)))
    .returning();
  return { auto_funding: presentAutoFunding(updated ?? wallet) };
}

export type AutoFundOutcome = "not_needed" | "succeeded" | "failed" | "requires_action" | "no_card";

/** Call after any debit. Never throws: a failed top-up is logged (and mailed by the caller's notifier). */
export async function maybeAutoFund(db: Db, accountId: string): Promise<AutoFundOutcome> {
  const wallet = await ensureWallet(db, accountId);
  const { autoFundingEnabled, autoFundingAmountMinor: amount, autoFundingThresholdMinor: threshold } = wallet;
  if (!autoFundingEnabled || amount === null || threshold === null || wallet.balanceMinor >= threshold)
    return "not_needed";
  const card = await defaultCard(db, accountId);
  if (!card) return "no_card";
  const episode = `autofund_${wallet.id}_${wallet.totalCreditedMinor}`;
  try {
    const customerId = await ensureStripeCustomer(db, accountId);
    const intent = await chargeOffSession({
      customerId,
      paymentMethodId: card.id,
      amountMinor: amount,
      description: "Onramp automatic wallet top-up",
      metadata: { onramp_account_id: accountId, onramp_purpose: "auto_fund", onramp_episode: episode },
      idempotencyKey: `onramp_${episode}`,
    });
    const { payment } = await settlePaymentIntent(db, intent, {
      actor: { userId: null, kind: "system" },
      causeRef: episode,
    });
    return payment?.status === "succeeded"
      ? "succeeded"
      : payment?.status === "failed"
        ? "failed"
        : "requires_action";
  } catch (error) {
    const card = cardFailure(error);
    log().warn(
      { account_id: accountId, decline_code: card?.declineCode, err: card ? undefined : String(error) },
      "auto-funding charge failed",
    );
    return card?.code === "authentication_required" ? "requires_action" : "failed";
  }
}
