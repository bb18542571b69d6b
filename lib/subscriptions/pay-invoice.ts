/**
 * Pays a subscription invoice with the agent present: its PaymentIntent is confirmed on-session
 * (with the given card, or the one already on it), so a card that needs 3-D Secure asks for it
 * instead of failing, exactly as `POST /wallet/fund` does. The intent is tagged with the account
 * so the human 3-D Secure page and the payment status endpoint recognise it, and recorded in
 * `payment` with purpose `subscription` (no wallet credit: the money pays the invoice).
 */
import type { Db, DbOrTx } from "@/lib/db/client";
import { payments } from "@/lib/db/schema/wallet";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import {
  type PaymentOutcome,
  paymentMethodRequestError,
  paymentOutcomeOf,
  paymentStatusOf,
} from "@/lib/payments/intent-outcome";
import type { Stripe } from "@/lib/stripe/client";
import { cardFailure } from "@/lib/stripe/errors";
import { confirmIntent, invoicePaymentIntentId, retrieveIntent, tagIntent } from "@/lib/stripe/subscriptions";

export interface PayInvoiceInput {
  accountId: string;
  userId: string | null;
  subscriptionId: number;
  invoice: Stripe.Invoice;
  /** A new card; without one the subscription's own card is charged again. */
  paymentMethodId?: string | undefined;
  /** The subscription's card, used when no new one is given. */
  defaultPaymentMethodId?: string | null | undefined;
  /** Prefix of the Stripe idempotency keys, derived from the request's Idempotency-Key record. */
  stripeKey: string;
}

/** Upserts our record of an invoice's PaymentIntent (status polls and the 3-D Secure page read it). */
export async function recordInvoiceIntent(
  db: DbOrTx,
  accountId: string,
  intent: Stripe.PaymentIntent,
  userId: string | null,
) {
  const status = paymentStatusOf(intent);
  const error = intent.last_payment_error;
  const pm =
    typeof intent.payment_method === "string" ? intent.payment_method : (intent.payment_method?.id ?? null);
  const values = {
    status,
    paymentMethodId: pm ?? error?.payment_method?.id ?? null,
    declineCode: status === "failed" ? (error?.decline_code ?? error?.code ?? null) : null,
    failureMessage: status === "failed" ? (error?.message ?? null) : null,
  };
  await db
    .insert(payments)
    .values({
      id: intent.id,
      accountId,
      purpose: "subscription",
      amountMinor: intent.amount,
      currency: intent.currency,
      actorUserId: userId,
      actorKind: userId ? "agent" : "system",
      ...values,
    })
    .onConflictDoUpdate({ target: payments.id, set: { ...values, updatedAt: new Date() } });
}

export async function payInvoiceOnSession(db: Db, input: PayInvoiceInput): Promise<PaymentOutcome> {
  const { invoice } = input;
  if (invoice.status === "paid" || invoice.amount_due === 0)
    return { kind: "succeeded", paymentIntentId: invoicePaymentIntentId(invoice) };
  const piId = invoicePaymentIntentId(invoice);
  if (!piId || invoice.status !== "open") {
    throw new AppError("conflict", `Invoice ${invoice.id} cannot be paid (status ${invoice.status}).`);
  }
  // A failed attempt leaves the intent without a card: name one explicitly.
  const paymentMethodId = input.paymentMethodId ?? input.defaultPaymentMethodId ?? undefined;
  if (!paymentMethodId) {
    const message = "there is no card on file for this subscription; send a payment_method_id (pm_…)";
    throw new AppError("validation_error", `payment_method_id: ${message}.`, {
      details: { payment_method_id: [message] },
    });
  }
  let intent: Stripe.PaymentIntent;
  try {
    await tagIntent(
      piId,
      {
        onramp_account_id: input.accountId,
        onramp_purpose: "subscription",
        onramp_subscription_id: String(input.subscriptionId),
        ...(input.userId ? { onramp_user_id: input.userId } : {}),
      },
      `${input.stripeKey}_tag`,
    );
    intent = await confirmIntent(
      piId,
      { paymentMethodId, returnUrl: `${env().appUrl}/pay/return` },
      `${input.stripeKey}_confirm`,
    );
  } catch (error) {
    const card = cardFailure(error);
    if (!card) {
      // A retry after the confirm went through: the intent already succeeded.
      if ((error as { code?: string }).code === "payment_intent_unexpected_state") {
        const current = await retrieveIntent(piId).catch(() => null);
        if (current?.status === "succeeded") {
          await recordInvoiceIntent(db, input.accountId, current, input.userId);
          return { kind: "succeeded", paymentIntentId: piId };
        }
      }
      throw paymentMethodRequestError(error);
    }
    const failed = await retrieveIntent(card.paymentIntentId ?? piId).catch(() => null);
    if (failed) await recordInvoiceIntent(db, input.accountId, failed, input.userId);
    return {
      kind: "declined",
      paymentIntentId: card.paymentIntentId ?? piId,
      declineCode: card.declineCode,
      message: card.message,
    };
  }
  await recordInvoiceIntent(db, input.accountId, intent, input.userId);
  return paymentOutcomeOf(intent);
}
