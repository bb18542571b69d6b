/**
 * The human side of 3-D Secure: the page an agent forwards (`next_action_url`) shows the payment
 * and sends the person to the card issuer's challenge; the return page settles the payment so the
 * waiting agent's status poll sees it at once. The PaymentIntent id is the capability; the page
 * shows nothing beyond the amount and status. Only a payment Onramp recorded is read from Stripe:
 * an unknown id is answered from the database alone (a guessed `pi_…` costs no Stripe call).
 */
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { payments } from "@/lib/db/schema/wallet";
import { paymentStatusOf } from "@/lib/payments/intent-outcome";
import { isStripeNotFound } from "@/lib/stripe/errors";
import { retrievePaymentIntent } from "@/lib/stripe/payments";
import { settlePaymentIntent } from "./settle-payment";

export interface HumanPaymentView {
  id: string;
  amountMinor: number;
  currency: string;
  status: "requires_action" | "processing" | "succeeded" | "failed" | "canceled";
  challengeUrl: string | null;
  clientSecret: string | null;
  credited: boolean;
  /** What the money is for: a wallet top-up, or a subscription's invoice. */
  purpose: "fund" | "subscription";
}

export async function viewPaymentForHuman(db: Db, paymentIntentId: string): Promise<HumanPaymentView | null> {
  if (!/^pi_[A-Za-z0-9_]+$/.test(paymentIntentId)) return null;
  const [known] = await db.select({ id: payments.id }).from(payments).where(eq(payments.id, paymentIntentId));
  if (!known) return null;
  let intent: Awaited<ReturnType<typeof retrievePaymentIntent>>;
  try {
    intent = await retrievePaymentIntent(paymentIntentId);
  } catch (error) {
    if (isStripeNotFound(error)) return null;
    throw error;
  }
  if (!intent.metadata?.onramp_account_id) return null;
  const { payment, posting } = await settlePaymentIntent(db, intent, {
    actor: { userId: null, kind: "human" },
  });
  const redirect = intent.next_action?.redirect_to_url?.url ?? null;
  return {
    id: intent.id,
    amountMinor: intent.amount,
    currency: intent.currency,
    // Subscription payments are not wallet credits: their state is Stripe's, read directly.
    status: payment?.status ?? paymentStatusOf(intent),
    challengeUrl: intent.status === "requires_action" ? redirect : null,
    clientSecret: intent.status === "requires_action" ? intent.client_secret : null,
    credited: Boolean(posting),
    purpose: intent.metadata?.onramp_purpose === "subscription" ? "subscription" : "fund",
  };
}
