/**
 * A refund made at Stripe takes the money back out of the wallet: one reversing entry per refund
 * id. If the wallet no longer holds that much (it was spent), nothing is forced: the shortfall is
 * logged as a reconciliation exception for a human.
 */
import type { Db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { log } from "@/lib/log";
import type { Stripe } from "@/lib/stripe/client";
import { retrievePaymentIntent } from "@/lib/stripe/payments";
import { afterDebit } from "./after-debit";
import { post } from "./ledger";

export async function reverseRefunds(
  db: Db,
  charge: Stripe.Charge,
  causeRef: string | null,
): Promise<number> {
  const piId = typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id;
  if (!piId) return 0;
  const intent = await retrievePaymentIntent(piId);
  const accountId = intent.metadata?.onramp_account_id;
  if (!accountId) return 0;
  let reversed = 0;
  for (const refund of charge.refunds?.data ?? []) {
    if (refund.status !== "succeeded") continue;
    try {
      const result = await post(db, {
        accountId,
        amountMinor: -refund.amount,
        kind: "refund",
        source: "stripe",
        externalId: refund.id,
        description: `Refund of ${piId}`,
        actor: { userId: null, kind: "system" },
        causeRef,
        metadata: { payment_intent_id: piId, charge_id: charge.id },
      });
      if (result.created) reversed++;
    } catch (error) {
      if (!isAppError(error) || error.code !== "insufficient_balance") throw error;
      log().error(
        { refund_id: refund.id, account_id: accountId, amount_minor: refund.amount },
        "reconciliation exception: refund exceeds wallet balance",
      );
    }
  }
  if (reversed) await afterDebit(db, accountId);
  return reversed;
}
