/**
 * POST /wallet/fund with a payment_method_id: one PaymentIntent, created and confirmed at once,
 * on-session (the agent is present) and saved for later off-session use. The card is not attached
 * first: Stripe refuses to attach a declining card, and the 402 must name the PaymentIntent.
 *
 * Outcomes: succeeded → credited now; requires_action → waiting for a person (the page they open is
 * `nextActionUrl`) or the bank; a card error → 402 payment_declined. Provider failures are retryable 5xx; the Stripe idempotency key is
 * derived from the request's Idempotency-Key record, so the retry finds the same PaymentIntent.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { payments } from "@/lib/db/schema/wallet";
import { env } from "@/lib/env";
import { faultPoint } from "@/lib/fault-points";
import { ensureStripeCustomer } from "@/lib/payments/customer";
import {
  declinedError,
  declineOf,
  type PendingPayment,
  paymentMethodRequestError,
  paymentOutcomeOf,
} from "@/lib/payments/intent-outcome";
import { cardFailure } from "@/lib/stripe/errors";
import { chargeOnSession } from "@/lib/stripe/payments";
import type { LedgerEntry } from "./ledger";
import { settlePaymentIntent } from "./settle-payment";

export interface FundInput {
  accountId: string;
  userId: string;
  actorKind: "agent" | "human";
  amountMinor: number;
  paymentMethodId: string;
  /** The Idempotency-Key record, when the caller sent one. */
  idempotencyRecordId: string | null;
  /** A bonus coupon reserved for this purchase; its bonus follows the payment's outcome. */
  couponCode?: string;
}

/** The card was charged and the wallet credited: `entry` is the credit, `balanceMinor` the balance after it. */
export interface FundSucceeded {
  kind: "succeeded";
  paymentIntentId: string;
  amountMinor: number;
  balanceMinor: number;
  entry: LedgerEntry;
}

/**
 * Charged now, or waiting for a person (3-D Secure) or the bank: the credit then follows the
 * payment whenever it settles. A decline is thrown as 402 `payment_declined`.
 */
export type FundOutcome = FundSucceeded | PendingPayment;

export async function fundWallet(db: Db, input: FundInput): Promise<FundOutcome> {
  faultPoint("fund.after_idempotency_insert");
  const customerId = await ensureStripeCustomer(db, input.accountId);
  const stripeKey = `onramp_${input.idempotencyRecordId ?? randomUUID()}_fund`;
  let intent: Awaited<ReturnType<typeof chargeOnSession>>;
  try {
    intent = await chargeOnSession({
      customerId,
      paymentMethodId: input.paymentMethodId,
      amountMinor: input.amountMinor,
      description: "Onramp wallet funding",
      metadata: {
        onramp_account_id: input.accountId,
        onramp_purpose: "fund",
        onramp_user_id: input.userId,
        ...(input.couponCode ? { onramp_coupon: input.couponCode } : {}),
      },
      idempotencyKey: stripeKey,
      returnUrl: `${env().appUrl}/pay/return`,
    });
  } catch (error) {
    const card = cardFailure(error);
    if (!card) throw paymentMethodRequestError(error);
    if (card.paymentIntentId) {
      await recordDecline(db, input, card.paymentIntentId, card.declineCode, card.message);
    }
    throw declinedError(card);
  }

  faultPoint("fund.after_stripe_confirm");
  const settled = await settlePaymentIntent(db, intent, {
    actor: { userId: input.userId, kind: input.actorKind },
    causeRef: input.idempotencyRecordId,
    // ensureStripeCustomer has just read the account.
    knownAccountId: input.accountId,
  });
  faultPoint("fund.after_ledger_commit");
  const outcome = paymentOutcomeOf(intent);
  if (outcome.kind === "succeeded" && settled.posting) {
    return {
      kind: "succeeded",
      paymentIntentId: intent.id,
      amountMinor: input.amountMinor,
      balanceMinor: settled.posting.wallet.balanceMinor,
      entry: settled.posting.entry,
    };
  }
  if (outcome.kind === "requires_action") return outcome;
  // Stripe said succeeded but nothing was credited (not one of our accounts): answered as before.
  throw declinedError(outcome.kind === "declined" ? outcome : declineOf(intent));
}

async function recordDecline(
  db: Db,
  input: FundInput,
  paymentIntentId: string,
  declineCode: string,
  message: string,
) {
  await db
    .insert(payments)
    .values({
      id: paymentIntentId,
      accountId: input.accountId,
      purpose: "fund",
      amountMinor: input.amountMinor,
      status: "failed",
      paymentMethodId: input.paymentMethodId,
      declineCode,
      failureMessage: message,
      actorUserId: input.userId,
      actorKind: input.actorKind,
    })
    .onConflictDoUpdate({
      target: payments.id,
      set: { status: "failed", declineCode, failureMessage: message, updatedAt: new Date() },
    });
}
