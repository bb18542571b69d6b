/**
 * Brings our view of a PaymentIntent in line with Stripe's and credits the wallet once when it
 * succeeded. Safe to call from anywhere and any number of times: the fund call, the 3-D Secure page,
 * the webhook, a status poll and the reconciler all end here, and the ledger's unique reference
 * makes the credit exactly-once. A bonus coupon riding on the purchase is settled with it.
 */
import type { Db } from "@/lib/db/client";
import { payments } from "@/lib/db/schema/wallet";
import { paymentStatusOf } from "@/lib/payments/intent-outcome";
import { ownAccountOf } from "@/lib/payments/own-account";
import type { PaymentIntent } from "@/lib/stripe/payments";
import { settleCouponOf } from "./coupon-bonus";
import { type PostingResult, post } from "./ledger";

export type Payment = typeof payments.$inferSelect;

const FUNDING_PURPOSES = new Set(["fund", "auto_fund"]);

export interface SettleResult {
  payment: Payment | null;
  posting: PostingResult | null;
}

/** Records the intent (when it is one of ours) and credits the wallet if it succeeded. */
export async function settlePaymentIntent(
  db: Db,
  intent: PaymentIntent,
  cause: {
    actor: { userId: string | null; kind: "agent" | "human" | "system" };
    causeRef?: string | null;
    /**
     * The account the caller has just read and charged for (the fund call): when the intent names
     * it, the lookup that proves the account is ours is spared.
     */
    knownAccountId?: string;
  },
): Promise<SettleResult> {
  const purpose = intent.metadata?.onramp_purpose;
  if (!purpose || !FUNDING_PURPOSES.has(purpose)) return { payment: null, posting: null };
  const named = intent.metadata?.onramp_account_id;
  const accountId =
    cause.knownAccountId && named === cause.knownAccountId ? named : await ownAccountOf(db, intent);
  if (!accountId) return { payment: null, posting: null };

  const status = paymentStatusOf(intent);
  const paymentMethodId =
    typeof intent.payment_method === "string" ? intent.payment_method : (intent.payment_method?.id ?? null);
  const error = intent.last_payment_error;
  const values = {
    id: intent.id,
    accountId,
    purpose: purpose as "fund" | "auto_fund",
    amountMinor: intent.amount,
    currency: intent.currency,
    status,
    paymentMethodId,
    declineCode: status === "failed" ? (error?.decline_code ?? error?.code ?? null) : null,
    failureMessage: status === "failed" ? (error?.message ?? null) : null,
    actorUserId: cause.actor.userId,
    actorKind: cause.actor.kind,
  };
  const [payment] = await db
    .insert(payments)
    .values(values)
    .onConflictDoUpdate({
      target: payments.id,
      // The actor of the original request stays; only Stripe's facts move.
      set: {
        status: values.status,
        paymentMethodId: values.paymentMethodId,
        declineCode: values.declineCode,
        failureMessage: values.failureMessage,
        updatedAt: new Date(),
      },
    })
    .returning();

  const posting =
    status === "succeeded"
      ? await post(db, {
          accountId,
          amountMinor: intent.amount,
          kind: purpose === "auto_fund" ? "auto_fund" : "fund",
          source: "stripe",
          externalId: intent.id,
          description: purpose === "auto_fund" ? "Automatic wallet top-up" : "Wallet funding",
          actor: { userId: payment?.actorUserId ?? null, kind: payment?.actorKind ?? cause.actor.kind },
          causeRef: cause.causeRef ?? null,
          metadata: { payment_method_id: paymentMethodId },
        })
      : null;
  // After the purchase's own credit, so a bonus always follows the money it is a bonus on.
  await settleCouponOf(db, intent, status);
  return { payment: payment ?? null, posting };
}
