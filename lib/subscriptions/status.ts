/**
 * `GET /subscriptions/{id}/status`. While a payment is pending (a first payment awaiting 3-D
 * Secure, a failed renewal awaiting repair) the subscription is re-read from Stripe, so an agent
 * polling it sees the change at once even if the webhook is slow or lost.
 */
import type { Db } from "@/lib/db/client";
import { findOwnSubscription } from "./queries";
import { refreshSubscription, type SubscriptionRow } from "./sync";

const AWAITING_PAYMENT = new Set(["incomplete", "past_due", "unpaid"]);

export async function subscriptionStatus(db: Db, accountId: string, id: number): Promise<SubscriptionRow> {
  let row = await findOwnSubscription(db, accountId, id);
  if (AWAITING_PAYMENT.has(row.status))
    row = (await refreshSubscription(db, row.stripeSubscriptionId, { accountId })) ?? row;
  return row;
}
