/**
 * Stripe failures become AppErrors: card problems are the customer's (402, stored for replay),
 * everything else is ours or Stripe's and retryable (502/503, not stored, so a retry with the same
 * Idempotency-Key resumes with the same Stripe idempotency keys).
 */
import Stripe from "stripe";
import { AppError } from "@/lib/errors";
import { metrics } from "@/lib/metrics/registry";

export interface CardFailure {
  code: string;
  declineCode: string;
  message: string;
  paymentIntentId: string | null;
  paymentMethodId: string | null;
}

export function cardFailure(error: unknown): CardFailure | null {
  if (!(error instanceof Stripe.errors.StripeCardError)) return null;
  return {
    code: error.code ?? "card_declined",
    declineCode: error.decline_code ?? error.code ?? "generic_decline",
    message: error.message || "Your card was declined.",
    paymentIntentId: error.payment_intent?.id ?? null,
    paymentMethodId: error.payment_method?.id ?? null,
  };
}

export function isStripeNotFound(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "resource_missing";
}

/**
 * Stripe refuses to charge a card that was detached from the customer (removed from the account
 * while a subscription still named it): the caller's to fix with another card, not a failure of ours.
 */
export function isUnusablePaymentMethod(error: unknown): boolean {
  return (
    error instanceof Stripe.errors.StripeInvalidRequestError &&
    (error.param === "payment_method" || error.param === "default_payment_method")
  );
}

/** For errors that are not card declines: a retryable provider error, or the original error. */
export function providerError(error: unknown): unknown {
  // No HTTP answer at all (refused, reset, timed out): the client's response event never fired.
  if (error instanceof Stripe.errors.StripeConnectionError)
    metrics().stripeErrors.inc({ kind: "connection" });
  if (error instanceof Stripe.errors.StripeConnectionError || error instanceof Stripe.errors.StripeAPIError) {
    return new AppError(
      "payment_provider_error",
      "The payment provider could not be reached. Retry with the same Idempotency-Key.",
      {
        status: 503,
        headers: { "Retry-After": "2" },
        cause: error,
      },
    );
  }
  if (error instanceof Stripe.errors.StripeRateLimitError) {
    return new AppError(
      "payment_provider_error",
      "The payment provider is busy. Retry shortly with the same Idempotency-Key.",
      {
        status: 503,
        headers: { "Retry-After": "2" },
        cause: error,
      },
    );
  }
  if (error instanceof Stripe.errors.StripeError && (error.statusCode ?? 500) >= 500) {
    return new AppError(
      "payment_provider_error",
      "The payment provider failed. Retry with the same Idempotency-Key.",
      {
        cause: error,
      },
    );
  }
  return error;
}
