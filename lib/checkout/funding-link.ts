/**
 * POST /wallet/fund without a card: the same payment link the human-assisted path uses (the door
 * answers it with the contract's `checkout_url` as well as `payment_url`).
 */

import type { Db } from "@/lib/db/client";
import { createPaymentLink } from "./create-link";
import type { CheckoutLink } from "./links";

export async function startFundingCheckout(
  db: Db,
  input: { accountId: string; userId: string; amountMinor: number; idempotencyRecordId: string | null },
): Promise<CheckoutLink> {
  return createPaymentLink(db, {
    accountId: input.accountId,
    userId: input.userId,
    request: { purpose: "fund", amountMinor: input.amountMinor },
    idempotencyRecordId: input.idempotencyRecordId,
  });
}
