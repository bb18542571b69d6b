/**
 * What a confirmed PaymentIntent means for whoever is paying, decided once for every on-session
 * charge — wallet funding, a subscription's first invoice, the invoice of a plan change or a reset
 * cycle, fixing a failed payment: it went through, it waits for a person (3-D Secure) or for the
 * bank, or the card was declined. Also the status our `payment` row records for an intent, and
 * where a person authenticates one.
 */
import type { payments } from "@/lib/db/schema/wallet";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { providerError } from "@/lib/stripe/errors";
import type { PaymentIntent } from "@/lib/stripe/payments";

export type PaymentOutcome =
  | { kind: "succeeded"; paymentIntentId: string | null }
  | {
      kind: "requires_action";
      paymentIntentId: string;
      clientSecret: string | null;
      nextActionUrl: string;
      status: "requires_action" | "processing";
    }
  | { kind: "declined"; paymentIntentId: string | null; declineCode: string; message: string };

export type DeclinedPayment = Extract<PaymentOutcome, { kind: "declined" }>;
export type PendingPayment = Extract<PaymentOutcome, { kind: "requires_action" }>;

export type PaymentStatus = (typeof payments.$inferSelect)["status"];

/** The page a person opens to authenticate a payment (3-D Secure) an agent started. */
export const authenticationUrl = (paymentIntentId: string) =>
  `${env().appUrl}/pay/authenticate/${paymentIntentId}`;

/** The decline an intent's last payment error describes (a generic one when Stripe gave none). */
export function declineOf(intent: PaymentIntent): DeclinedPayment {
  const error = intent.last_payment_error;
  return {
    kind: "declined",
    paymentIntentId: intent.id,
    declineCode: error?.decline_code ?? error?.code ?? "generic_decline",
    message: error?.message ?? "Your card was declined.",
  };
}

/**
 * The outcome of an intent just confirmed (or read back): anything neither succeeded nor waiting
 * is a failed attempt (`requires_payment_method` after a confirm).
 */
export function paymentOutcomeOf(intent: PaymentIntent): PaymentOutcome {
  if (intent.status === "succeeded") return { kind: "succeeded", paymentIntentId: intent.id };
  if (intent.status === "requires_action" || intent.status === "processing") {
    return {
      kind: "requires_action",
      paymentIntentId: intent.id,
      clientSecret: intent.client_secret,
      nextActionUrl: authenticationUrl(intent.id),
      status: intent.status === "processing" ? "processing" : "requires_action",
    };
  }
  return declineOf(intent);
}

/** Our `payment` row's status for an intent, as Stripe has it now. */
export function paymentStatusOf(intent: PaymentIntent): PaymentStatus {
  switch (intent.status) {
    case "succeeded":
      return "succeeded";
    case "requires_action":
    case "requires_confirmation":
      return "requires_action";
    case "processing":
      return "processing";
    case "canceled":
      return "canceled";
    default:
      // requires_payment_method after a confirm means the last attempt failed.
      return intent.last_payment_error ? "failed" : "requires_action";
  }
}

/** The 402 every on-session payment answers with on a decline. */
export function declinedError(
  outcome: Pick<DeclinedPayment, "paymentIntentId" | "declineCode" | "message">,
  extra: Record<string, unknown> = {},
) {
  return new AppError("payment_declined", outcome.message || "Your card was declined.", {
    details: { decline_code: outcome.declineCode, payment_intent_id: outcome.paymentIntentId, ...extra },
  });
}

/** Stripe's "no such payment method" and friends are the caller's mistake (422), not ours. */
export function paymentMethodRequestError(error: unknown): unknown {
  const mapped = providerError(error);
  if (mapped !== error) return mapped;
  const e = error as { type?: string; param?: string; message?: string; code?: string };
  if (
    e?.type === "StripeInvalidRequestError" &&
    (e.param === "payment_method" || e.code === "resource_missing")
  ) {
    return new AppError(
      "validation_error",
      "payment_method_id: no such payment method, or it belongs to another customer.",
      { details: { payment_method_id: [e.message ?? "invalid payment method"] } },
    );
  }
  return error;
}
