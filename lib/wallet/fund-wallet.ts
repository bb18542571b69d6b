/**
 * POST /wallet/fund with a payment_method_id: one PaymentIntent, created and confirmed at once,
 * on-session (the agent is present) and saved for later off-session use. The card is not attached
 * first: Stripe refuses to attach a declining card, and the 402 must name the PaymentIntent.
 *
 * Outcomes: succeeded → credited now; requires_action → 202 with a page a human can open; a card
 * error → 402 payment_declined. Provider failures are retryable 5xx; the Stripe idempotency key is
 * derived from the request's Idempotency-Key record, so the retry finds the same PaymentIntent.
 */
import { randomUUID } from "node:crypto";
import { ensureStripeCustomer } from "@/lib/billing/customer";
import type { Db } from "@/lib/db/client";
import { payments } from "@/lib/db/schema/wallet";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { minorToUsd } from "@/lib/money";
import { cardFailure, providerError } from "@/lib/stripe/errors";
import { chargeOnSession } from "@/lib/stripe/payments";
import { presentTransaction } from "./present";
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

export type FundResult =
  | { kind: "succeeded"; body: Record<string, unknown> }
  | { kind: "requires_action"; body: Record<string, unknown> };

export const authenticationUrl = (paymentIntentId: string) =>
  `${env().appUrl}/pay/authenticate/${paymentIntentId}`;

export async function fundWallet(db: Db, input: FundInput): Promise<FundResult> {
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
    if (!card) throw asRequestError(error);
    if (card.paymentIntentId) {
      await recordDecline(db, input, card.paymentIntentId, card.declineCode, card.message);
    }
    throw new AppError("payment_declined", card.message || "Your card was declined.", {
      details: { decline_code: card.declineCode, payment_intent_id: card.paymentIntentId },
    });
  }

  const settled = await settlePaymentIntent(db, intent, {
    actor: { userId: input.userId, kind: input.actorKind },
    causeRef: input.idempotencyRecordId,
  });
  if (intent.status === "succeeded" && settled.posting) {
    return {
      kind: "succeeded",
      body: {
        balance: minorToUsd(settled.posting.wallet.balanceMinor),
        amount: minorToUsd(input.amountMinor),
        currency: "USD",
        payment: { status: "succeeded", payment_intent_id: intent.id },
        transaction: presentTransaction(settled.posting.entry),
      },
    };
  }
  if (intent.status === "requires_action" || intent.status === "processing") {
    const url = authenticationUrl(intent.id);
    return {
      kind: "requires_action",
      body: {
        payment: {
          status: intent.status,
          payment_intent_id: intent.id,
          client_secret: intent.client_secret,
          next_action_url: url,
        },
        message:
          intent.status === "processing"
            ? `The payment is processing. Poll GET /api/agents/v1/payments/${intent.id}/status?wait=30 until it settles.`
            : `Additional authentication is required. Ask a human to open ${url} to authenticate this payment, then poll GET /api/agents/v1/payments/${intent.id}/status?wait=30.`,
      },
    };
  }
  // A confirm that neither succeeded nor asked for action failed (requires_payment_method).
  const error = intent.last_payment_error;
  throw new AppError("payment_declined", error?.message ?? "Your card was declined.", {
    details: {
      decline_code: error?.decline_code ?? error?.code ?? "generic_decline",
      payment_intent_id: intent.id,
    },
  });
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

/** Stripe's "no such payment method" and friends are the caller's mistake, not ours. */
function asRequestError(error: unknown): unknown {
  const mapped = providerError(error);
  if (mapped !== error) return mapped;
  const e = error as { type?: string; param?: string; message?: string; code?: string };
  if (e?.type === "StripeInvalidRequestError") {
    if (e.param === "payment_method" || e.code === "resource_missing") {
      return new AppError(
        "validation_error",
        "payment_method_id: no such payment method, or it belongs to another customer.",
        {
          details: { payment_method_id: [e.message ?? "invalid payment method"] },
        },
      );
    }
  }
  return error;
}
