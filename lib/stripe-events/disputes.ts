/**
 * A card holder disputed one of an account's payments. While the dispute is open the disputed
 * amount is held (a `dispute` entry keyed by the dispute id) and the account may not spend; the
 * owner is emailed. The wallet never goes negative: if it holds less than the disputed amount, what
 * it holds is taken and the rest is collected from the next money that comes in. Won (or an
 * inquiry closed) → the hold is released (`dispute_release`); lost → the hold stays, plus the
 * purchase's coupon bonus share. Spending resumes when no dispute is open and nothing is owed.
 *
 * The account is the one the payment's metadata names, or, for a charge without Onramp metadata
 * (a subscription invoice), the owner of the Stripe customer. A dispute on a charge that paid for
 * something other than wallet credit is still held from the wallet: it is the account's money the
 * card holder took back.
 */
import type { Db } from "@/lib/db/client";
import { accountIdForCustomer } from "@/lib/payments/customer";
import { ownAccountOf } from "@/lib/payments/own-account";
import { type Dispute, retrieveCharge, retrieveDispute } from "@/lib/stripe/clawbacks";
import { retrievePaymentIntent } from "@/lib/stripe/payments";
import { applyClawback, type ClawbackOutcome, type ClawbackState } from "@/lib/wallet/clawbacks";
import { mailDisputeOwner } from "@/lib/wallet/dispute-mail";
import type { SyncCause } from "./refunds";
import { walletPurchaseOf } from "./wallet-purchase";

const idOf = (value: string | { id: string } | null | undefined) =>
  typeof value === "string" ? value : (value?.id ?? null);

/** Unknown or future statuses count as open: holding is the safe side. */
export function disputeState(status: string): ClawbackState {
  if (status === "won" || status === "warning_closed" || status === "prevented") return "released";
  if (status === "lost") return "final";
  return "open";
}

async function accountOfDispute(db: Db, dispute: Dispute) {
  const chargeId = idOf(dispute.charge);
  if (!chargeId) return null;
  const charge = await retrieveCharge(chargeId);
  const piId = idOf(dispute.payment_intent) ?? idOf(charge.payment_intent);
  const intent = piId ? await retrievePaymentIntent(piId) : null;
  const hasOurMetadata = Object.keys(intent?.metadata ?? {}).some((k) => k.startsWith("onramp_"));
  if (intent && hasOurMetadata) {
    const accountId = await ownAccountOf(db, intent);
    return accountId ? { accountId, chargeId, intent } : null;
  }
  const customer = idOf(charge.customer);
  const accountId = customer ? await accountIdForCustomer(db, customer) : null;
  return accountId ? { accountId, chargeId, intent } : null;
}

/** Brings the wallet in line with one dispute as Stripe has it now. Null when it is not ours. */
export async function syncDispute(
  db: Db,
  disputeOrId: string | Dispute,
  cause: SyncCause,
): Promise<ClawbackOutcome | null> {
  const dispute = typeof disputeOrId === "string" ? await retrieveDispute(disputeOrId) : disputeOrId;
  const owner = await accountOfDispute(db, dispute);
  if (!owner) return null;
  const purchase = owner.intent ? await walletPurchaseOf(db, owner.intent, cause) : null;
  const outcome = await applyClawback(
    db,
    {
      id: dispute.id,
      kind: "dispute",
      accountId: owner.accountId,
      chargeId: owner.chargeId,
      paymentIntentId: owner.intent?.id ?? null,
      amountMinor: dispute.amount,
      state: disputeState(dispute.status),
      stripeStatus: dispute.status,
      purchase,
    },
    cause.causeRef,
  );
  await mailDisputeOwner(db, outcome, owner.intent?.id ?? owner.chargeId);
  return outcome;
}
