/** A SetupIntent to save a card for later (3-D Secure-safe); the card is mirrored when it succeeds. */
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { providerError } from "@/lib/stripe/errors";
import { createSetupIntent } from "@/lib/stripe/payments";
import { ensureStripeCustomer } from "./customer";

/** A SetupIntent for the browser (Stripe.js) to confirm with its client secret. */
export interface StartedSetup {
  setupIntentId: string;
  clientSecret: string | null;
  status: string;
}

export async function startSetupIntent(
  db: Db,
  accountId: string,
  idempotencyRecordId: string | null,
): Promise<StartedSetup> {
  const customerId = await ensureStripeCustomer(db, accountId);
  try {
    const intent = await createSetupIntent(customerId, `onramp_${idempotencyRecordId ?? randomUUID()}_setup`);
    return { setupIntentId: intent.id, clientSecret: intent.client_secret, status: intent.status };
  } catch (error) {
    throw providerError(error);
  }
}
