// POST /api/stripe/webhook — Stripe (or the emulator) delivers signed events here

import { env } from "@/lib/env";
import { afterResponse } from "@/lib/http/after-response";
import { signedBody } from "@/lib/http/authenticate";
import { door } from "@/lib/http/door";
import { envelope } from "@/lib/http/outputs/envelope";
import { handleStripeEvent } from "@/lib/stripe-events/inbox";
import { verifyStripeEvent } from "@/lib/stripe-events/verify";

/**
 * Stripe's events are a few KB (an invoice with many lines, tens of KB); 512 KB leaves ample room
 * while an unauthenticated sender cannot make the server buffer, parse and HMAC megabytes before
 * the signature is even checked.
 */
const MAX_WEBHOOK_BYTES = 512 * 1024;

export const POST = door(
  {
    // The raw text, exactly as sent: re-serialised JSON would not match the signature.
    read: { text: MAX_WEBHOOK_BYTES },
    auth: signedBody({
      header: "stripe-signature",
      verify: (raw, signature) => verifyStripeEvent(raw, signature, env().stripe.webhookSecret),
    }),
    // A failure of ours is a 500 that makes Stripe deliver the event again.
    output: envelope({ serverError: "The event could not be processed; it will be retried." }),
  },
  // Acknowledged once the event is in the inbox; it is processed after the answer (inbox.ts).
  async ({ db, caller: event }) => ({
    received: true,
    ...(await handleStripeEvent(db, event, afterResponse)),
  }),
);
