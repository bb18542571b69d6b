/** A SetupIntent to save a card for later (3-D Secure-safe); the card is mirrored when it succeeds. */
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { providerError } from "@/lib/stripe/errors";
import { createSetupIntent } from "@/lib/stripe/payments";
import { ensureStripeCustomer } from "./customer";

export async function startSetupIntent(db: Db, accountId: string, idempotencyRecordId: string | null) {
  const customerId = await ensureStripeCustomer(db, accountId);
  try {
    const intent = await createSetupIntent(customerId, `onramp_${idempotencyRecordId ?? randomUUID()}_setup`);
    return {
      setup_intent_id: intent.id,
      client_secret: intent.client_secret,
      status: intent.status,
      instructions:
        "Confirm this SetupIntent with Stripe.js (stripe.confirmCardSetup or confirmSetup) using the client_secret; the card is then saved to this account and listed by GET /billing/payment-methods.",
    };
  } catch (error) {
    throw providerError(error);
  }
}
