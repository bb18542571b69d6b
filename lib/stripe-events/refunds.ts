/**
 * A refund made at Stripe (full or partial, from the Dashboard or the API) takes the money back
 * out of the wallet it bought: one `refund` entry per refund id, of the refunded amount plus the
 * coupon bonus share it carries (clawbacks.ts), posted once the refund has succeeded — a refund
 * still pending when its webhook arrives is taken when a later event (or the reconciler) sees it
 * succeed. A refund that fails after that (the card was closed) is credited back once
 * (`refund_failed`). If the wallet no longer holds the money, what it holds is taken and the rest
 * is owed: spending is suspended until new money covers it.
 *
 * Only refunds of wallet purchases touch the wallet; a refunded subscription payment is the
 * subscription's business.
 */
import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { type Refund, refundsOfCharge, retrieveRefund } from "@/lib/stripe/clawbacks";
import { retrievePaymentIntent } from "@/lib/stripe/payments";
import { applyClawback, type ClawbackOutcome, type ClawbackState } from "@/lib/wallet/clawbacks";
import { walletPurchaseOf } from "./wallet-purchase";

const idOf = (value: string | { id: string } | null | undefined) =>
  typeof value === "string" ? value : (value?.id ?? null);

export function refundState(status: string | null): ClawbackState {
  if (status === "succeeded") return "final";
  if (status === "failed" || status === "canceled") return "released";
  return "pending";
}

export interface SyncCause {
  by: "webhook" | "reconciler";
  causeRef: string | null;
}

/** Brings the wallet in line with one refund as Stripe has it now. Null when it is not ours. */
export async function syncRefund(
  db: Db,
  refundOrId: string | Refund,
  cause: SyncCause,
): Promise<ClawbackOutcome | null> {
  const refund = typeof refundOrId === "string" ? await retrieveRefund(refundOrId) : refundOrId;
  const piId = idOf(refund.payment_intent);
  const chargeId = idOf(refund.charge);
  if (!piId || !chargeId) return null;
  const purchase = await walletPurchaseOf(db, await retrievePaymentIntent(piId), cause);
  if (!purchase) return null;
  const outcome = await applyClawback(
    db,
    {
      id: refund.id,
      kind: "refund",
      accountId: purchase.accountId,
      chargeId,
      paymentIntentId: piId,
      amountMinor: refund.amount,
      state: refundState(refund.status),
      stripeStatus: refund.status ?? "unknown",
      purchase,
    },
    cause.causeRef,
  );
  const owed = outcome.row.targetMinor - outcome.row.takenMinor;
  if (owed > 0) {
    log().warn(
      { refund_id: refund.id, account_id: purchase.accountId, owed_minor: owed },
      "refund exceeds the wallet balance: the rest is owed and spending is suspended",
    );
  }
  return outcome;
}

/** Every refund of a charge (`charge.refunded` names the charge, not the refund). */
export async function syncRefundsOfCharge(db: Db, chargeId: string, cause: SyncCause): Promise<void> {
  for await (const refund of refundsOfCharge(chargeId)) await syncRefund(db, refund, cause);
}
