/**
 * Auto-funding: when a debit leaves the balance under the threshold, charge the default card
 * off-session once for the configured amount. "Once" is per low-balance episode: the episode is
 * named by the wallet's total credited so far, which only changes when money comes in, and it is
 * both the ledger reference and the Stripe idempotency key — concurrent debits trigger one charge.
 * A charge that fails marks its episode: the card is not tried again, and the owner is told once,
 * until money comes in and a new episode starts (every later debit would otherwise mail again).
 */
import { and, eq, isNull, ne, or } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { wallets } from "@/lib/db/schema/wallet";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { defaultCard, type SavedCard } from "@/lib/payments/cards";
import { ensureStripeCustomer } from "@/lib/payments/customer";
import { cardFailure } from "@/lib/stripe/errors";
import { chargeOffSession } from "@/lib/stripe/payments";
import { ensureWallet, type Wallet } from "./ledger";
import { settlePaymentIntent } from "./settle-payment";

/** A wallet's auto-funding settings (the amounts stay set while it is off). */
export interface AutoFundingSettings {
  enabled: boolean;
  amountMinor: number | null;
  thresholdMinor: number | null;
  currency: string;
}

export function autoFundingOf(wallet: Wallet): AutoFundingSettings {
  return {
    enabled: wallet.autoFundingEnabled,
    amountMinor: wallet.autoFundingAmountMinor,
    thresholdMinor: wallet.autoFundingThresholdMinor,
    currency: wallet.currency,
  };
}

/** 409 `conflict`: auto-funding was asked for on an account with no default card to charge. */
export class NoDefaultCard extends AppError {
  constructor() {
    super(
      "conflict",
      "Auto-funding charges your default card: add one first with POST /billing/payment-methods.",
    );
  }
}

/** Turns auto-funding on with these amounts, charging the default card (`NoDefaultCard` without one). */
export async function configureAutoFunding(
  db: Db,
  input: { accountId: string; amountMinor: number; thresholdMinor: number },
): Promise<{ settings: AutoFundingSettings; card: SavedCard }> {
  const card = await defaultCard(db, input.accountId);
  if (!card) throw new NoDefaultCard();
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
  return { settings: autoFundingOf(updated ?? wallet), card };
}

export async function disableAutoFunding(db: Db, accountId: string): Promise<AutoFundingSettings> {
  const wallet = await ensureWallet(db, accountId);
  const [updated] = await db
    .update(wallets)
    .set({ autoFundingEnabled: false, updatedAt: new Date() })
    .where(and(eq(wallets.id, wallet.id)))
    .returning();
  return autoFundingOf(updated ?? wallet);
}

/**
 * `failed_earlier`: this episode's top-up already failed (and was reported), so nothing was tried;
 * `provider_error`: Stripe could not be reached.
 */
export type AutoFundOutcome =
  | "not_needed"
  | "succeeded"
  | "failed"
  | "requires_action"
  | "no_card"
  | "failed_earlier"
  | "provider_error";

/** True for the one caller that records the episode's failure first (concurrent debits race here). */
async function firstFailureOf(db: Db, walletId: string, episode: string): Promise<boolean> {
  const marked = await db
    .update(wallets)
    .set({ autoFundingFailedEpisode: episode })
    .where(
      and(
        eq(wallets.id, walletId),
        or(isNull(wallets.autoFundingFailedEpisode), ne(wallets.autoFundingFailedEpisode, episode)),
      ),
    )
    .returning({ id: wallets.id });
  return marked.length > 0;
}

/**
 * Call after any debit, with the wallet when the caller has just read it. Never throws: a failed
 * top-up is logged (and mailed by the caller's notifier).
 */
export async function maybeAutoFund(db: Db, accountId: string, wallet?: Wallet): Promise<AutoFundOutcome> {
  const outcome = await attemptAutoFund(db, accountId, wallet);
  if (outcome.result !== "failed" && outcome.result !== "requires_action") return outcome.result;
  return (await firstFailureOf(db, outcome.walletId, outcome.episode)) ? outcome.result : "failed_earlier";
}

async function attemptAutoFund(
  db: Db,
  accountId: string,
  known: Wallet | undefined,
): Promise<{ result: AutoFundOutcome; walletId: string; episode: string }> {
  const wallet = known ?? (await ensureWallet(db, accountId));
  const { autoFundingEnabled, autoFundingAmountMinor: amount, autoFundingThresholdMinor: threshold } = wallet;
  const episode = `autofund_${wallet.id}_${wallet.totalCreditedMinor}`;
  const done = (result: AutoFundOutcome) => ({ result, walletId: wallet.id, episode });
  if (!autoFundingEnabled || amount === null || threshold === null || wallet.balanceMinor >= threshold)
    return done("not_needed");
  if (wallet.autoFundingFailedEpisode === episode) return done("failed_earlier");
  const card = await defaultCard(db, accountId);
  if (!card) return done("no_card");
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
      knownAccountId: accountId,
    });
    return done(
      payment?.status === "succeeded"
        ? "succeeded"
        : payment?.status === "failed"
          ? "failed"
          : "requires_action",
    );
  } catch (error) {
    const card = cardFailure(error);
    log().warn(
      { account_id: accountId, decline_code: card?.declineCode, err: card ? undefined : String(error) },
      "auto-funding charge failed",
    );
    // Stripe unreachable is no verdict on the card: not mailed, tried again on the next debit.
    if (!card) return done("provider_error");
    return done(card.code === "authentication_required" ? "requires_action" : "failed");
  }
}
