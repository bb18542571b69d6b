/**
 * Fulfils a paid Checkout session exactly once: the wallet credit is keyed by the session id, so
 * the success page, the webhook and confirm-checkout can all call this, in any order, even at once.
 * The amount is Stripe's `amount_total`, never anything a client sent.
 */
import type { Db } from "@/lib/db/client";
import { faultPoint } from "@/lib/fault-points";
import { ownAccountOf } from "@/lib/payments/own-account";
import type { Stripe } from "@/lib/stripe/client";
import { type PostingResult, post } from "@/lib/wallet/ledger";

export type FulfilOutcome =
  | { kind: "fulfilled"; posting: PostingResult; alreadyFulfilled: boolean }
  | { kind: "not_paid" }
  | { kind: "expired" }
  | { kind: "not_ours" };

export async function fulfilFundingSession(
  db: Db,
  session: Stripe.Checkout.Session,
  causeRef: string | null,
): Promise<FulfilOutcome> {
  if (session.metadata?.onramp_purpose !== "checkout_fund") return { kind: "not_ours" };
  const accountId = await ownAccountOf(db, session);
  if (!accountId) return { kind: "not_ours" };
  if (session.status === "expired") return { kind: "expired" };
  if (session.payment_status !== "paid" || !session.amount_total) return { kind: "not_paid" };
  faultPoint("fulfil.after_stripe_read");
  const posting = await post(db, {
    accountId,
    amountMinor: session.amount_total,
    kind: "checkout_fund",
    source: "stripe",
    externalId: session.id,
    description: "Wallet funding (Checkout)",
    actor: { userId: session.metadata?.onramp_user_id ?? null, kind: "human" },
    causeRef,
    metadata: {
      payment_intent_id:
        typeof session.payment_intent === "string"
          ? session.payment_intent
          : (session.payment_intent?.id ?? null),
    },
  });
  faultPoint("fulfil.after_ledger_commit");
  return { kind: "fulfilled", posting, alreadyFulfilled: !posting.created };
}
