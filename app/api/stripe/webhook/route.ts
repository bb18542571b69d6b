// POST /api/stripe/webhook — Stripe (or the emulator) delivers signed events here

import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { errorBody, jsonResponse, successBody } from "@/lib/http";
import { newRequestId } from "@/lib/http/agent-route";
import { readTextWithin } from "@/lib/http/request-body";
import { log } from "@/lib/log";
import { handleStripeEvent } from "@/lib/stripe-events/inbox";
import { verifyStripeEvent } from "@/lib/stripe-events/verify";

/**
 * Stripe's events are a few KB (an invoice with many lines, tens of KB); 512 KB leaves ample room
 * while an unauthenticated sender cannot make the server buffer, parse and HMAC megabytes before
 * the signature is even checked.
 */
const MAX_WEBHOOK_BYTES = 512 * 1024;

export async function POST(request: Request): Promise<Response> {
  const requestId = newRequestId();
  const headers = { "X-Request-Id": requestId };
  try {
    // The raw text, exactly as sent: re-serialised JSON would not match the signature.
    const raw = await readTextWithin(request, MAX_WEBHOOK_BYTES);
    const event = verifyStripeEvent(raw, request.headers.get("stripe-signature"), env().stripe.webhookSecret);
    const result = await handleStripeEvent(await getDb(), event);
    return jsonResponse(200, successBody({ received: true, ...result }, requestId), headers);
  } catch (error) {
    if (isAppError(error) && error.status < 500) {
      return jsonResponse(
        error.status,
        errorBody(error.code, error.message, error.details, requestId),
        headers,
      );
    }
    log().error(
      { request_id: requestId, err: error instanceof Error ? error.message : String(error) },
      "stripe webhook failed",
    );
    const failure = new AppError("internal_error", "The event could not be processed; it will be retried.");
    return jsonResponse(500, errorBody(failure.code, failure.message, undefined, requestId), headers);
  }
}
