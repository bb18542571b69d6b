/**
 * At most one way to buy a plan category at a time. A subscription Checkout session stays payable
 * for 30 minutes, so an agent that starts two of them, or subscribes with a card while a human
 * still has a Checkout page open, could otherwise end up paying twice in one category. Before any
 * new purchase in a category, the account's other open sessions for it are expired at Stripe.
 * One that a human completed meanwhile can no longer be expired: its subscription is recorded and
 * the new purchase is refused, because the category is now taken.
 *
 * Callers hold the account-row lock, so two purchases cannot interleave between the expiry and
 * the creation of their own session or subscription.
 */
import type { DbOrTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import type { Stripe } from "@/lib/stripe/client";
import { expireCheckoutSession } from "@/lib/stripe/payments";
import { openCheckoutSessions, retrieveSession, retrieveSubscription } from "@/lib/stripe/subscriptions";
import { categoryTaken } from "./category-taken";
import { findPlan, type Plan } from "./plans";
import { syncSubscription } from "./sync";

function buysCategory(session: Stripe.Checkout.Session, accountId: string, plan: Plan): boolean {
  const metadata = session.metadata ?? {};
  if (metadata.onramp_purpose !== "subscribe" || metadata.onramp_account_id !== accountId) return false;
  return findPlan(Number(metadata.onramp_plan_id))?.category === plan.category;
}

/**
 * A session a human paid between our listing and our expiry. Thrown out of the caller's
 * transaction (which then rolls back) and turned into the 409 by `record`, which stores the paid
 * subscription outside it, so the answer names a subscription that exists.
 */
export class PaidMeanwhile extends Error {
  constructor(
    readonly session: Stripe.Checkout.Session,
    readonly subscriptionId: string,
    readonly accountId: string,
    readonly plan: Plan,
  ) {
    super(`Checkout session ${session.id} was paid while a new purchase was starting`);
  }

  async record(db: DbOrTx): Promise<AppError> {
    const row = await syncSubscription(db, await retrieveSubscription(this.subscriptionId), {
      readAt: new Date(),
      accountId: this.accountId,
      createdByUserId: this.session.metadata?.onramp_user_id ?? null,
    });
    if (!row)
      return new AppError("internal_error", `Subscription ${this.subscriptionId} is not an Onramp plan.`);
    return categoryTaken(row, this.plan);
  }
}

export async function closeOpenCheckouts(input: {
  accountId: string;
  customerId: string;
  plan: Plan;
  /** A retried request's own session (same Stripe idempotency key) is kept, not expired. */
  keepRequest?: string;
}): Promise<void> {
  for (const session of await openCheckoutSessions(input.customerId)) {
    if (!buysCategory(session, input.accountId, input.plan)) continue;
    if (input.keepRequest && session.metadata?.onramp_request === input.keepRequest) continue;
    try {
      await expireCheckoutSession(session.id);
      log().info(
        { session_id: session.id, account_id: input.accountId, category: input.plan.category },
        "superseded an open subscription checkout",
      );
    } catch (error) {
      const now = await retrieveSession(session.id);
      if (now.status === "expired") continue;
      const subscriptionId = typeof now.subscription === "string" ? now.subscription : now.subscription?.id;
      if (now.status === "complete" && subscriptionId)
        throw new PaidMeanwhile(now, subscriptionId, input.accountId, input.plan);
      throw error;
    }
  }
}
