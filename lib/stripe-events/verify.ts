/**
 * Signature and timestamp check of a Stripe webhook delivery. The SDK rejects timestamps older than
 * the tolerance but accepts any future one; a captured delivery re-signed in the future would pass,
 * so future timestamps beyond the tolerance are refused here too.
 */
import { AppError } from "@/lib/errors";
import { constructWebhookEvent, type Stripe } from "@/lib/stripe/client";

export const TOLERANCE_SEC = 300;

export function verifyStripeEvent(
  raw: string,
  header: string | null,
  secret: string,
  nowSec = Date.now() / 1000,
): Stripe.Event {
  if (!header) throw new AppError("bad_request", "Missing Stripe-Signature header.");
  const t = Number(/(?:^|,)\s*t=(\d+)/.exec(header)?.[1]);
  if (!Number.isFinite(t)) throw new AppError("bad_request", "Malformed Stripe-Signature header.");
  if (t - nowSec > TOLERANCE_SEC)
    throw new AppError("bad_request", "Stripe-Signature timestamp is in the future.");
  try {
    return constructWebhookEvent(raw, header, secret, TOLERANCE_SEC);
  } catch (error) {
    throw new AppError(
      "bad_request",
      `Webhook signature verification failed: ${error instanceof Error ? error.message.split("\n")[0] : "invalid"}`,
    );
  }
}
