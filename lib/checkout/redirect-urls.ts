/**
 * Where Stripe Checkout sends the human afterwards. An agent may choose the page (POST
 * /subscriptions takes `success_url` / `cancel_url`), but only one of this app's own: otherwise
 * Onramp's Checkout would be an open redirect, sending a person who just paid from Stripe's trusted
 * page to any site the caller likes.
 */
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/** `value` when it is a page of APP_URL's origin (Stripe's `{CHECKOUT_SESSION_ID}` allowed), else 422. */
export function ownRedirectUrl(field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const origin = new URL(env().appUrl).origin;
  const candidate = value.replaceAll("{CHECKOUT_SESSION_ID}", "x");
  // Parsed as a browser would, so user-info, backslashes and the like cannot disguise the host.
  const target = URL.canParse(candidate) ? new URL(candidate) : null;
  if (target?.origin !== origin) {
    const message = `must be a page of this app (${origin}/…)`;
    throw new AppError("validation_error", `${field}: ${message}`, { details: { [field]: [message] } });
  }
  return value;
}
