/**
 * Subscribing through Stripe Checkout, for an agent without a card (`POST /subscriptions` with no
 * `payment_method_id`, or a `subscribe` payment link): a subscription-mode session a human pays.
 * Checkout creates the subscription itself; the session and the subscription carry the account
 * and plan in trusted metadata set here, so the subscription's own webhooks find their account.
 *
 * Fulfilling a session is idempotent and safe to run concurrently from the success page, the
 * webhook and confirm-checkout: the subscription row is upserted by its Stripe id, and the first
 * caller to claim the session id on it is the one that fulfilled it.
 */
import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { accounts } from "@/lib/db/schema/accounts";
import { subscriptions } from "@/lib/db/schema/subscriptions";
import { AppError, notFound } from "@/lib/errors";
import { log } from "@/lib/log";
import { ensureStripeCustomer } from "@/lib/payments/customer";
import { ownAccountOf } from "@/lib/payments/own-account";
import type { Stripe } from "@/lib/stripe/client";
import { isStripeNotFound, providerError } from "@/lib/stripe/errors";
import { shortestCheckoutExpiry } from "@/lib/stripe/payments";
import {
  createSubscriptionCheckout,
  retrieveSession,
  retrieveSubscription,
} from "@/lib/stripe/subscriptions";
import { categoryTaken } from "./category-taken";
import { auditSubscription } from "./mutation";
import { closeOpenCheckouts, PaidMeanwhile } from "./open-checkouts";
import { priceForPlan } from "./plan-prices";
import { purchasablePlan } from "./plans";
import { liveSubscriptionsInCategory } from "./queries";
import { type SubscriptionWithPlan, withPlan } from "./state";
import { syncSubscription } from "./sync";

export interface StartCheckoutInput {
  accountId: string;
  userId: string;
  planId: number;
  idempotencyRecordId: string | null;
  /** Stripe fills `{CHECKOUT_SESSION_ID}` in both. */
  successUrl: string;
  cancelUrl: string;
}

export async function startSubscriptionCheckout(
  db: Db,
  input: StartCheckoutInput,
): Promise<{ session: Stripe.Checkout.Session; expiresAt: Date }> {
  const plan = purchasablePlan(input.planId);
  const customerId = await ensureStripeCustomer(db, input.accountId);
  const priceId = await priceForPlan(plan);
  const request = `onramp_${input.idempotencyRecordId ?? randomUUID()}`;
  try {
    // Under the account lock, like a purchase with a card: this session replaces any other open
    // one for the category, so only the newest page a human was sent can be paid.
    const session = await db.transaction(async (tx) => {
      await tx
        .select({ id: accounts.id })
        .from(accounts)
        .where(eq(accounts.id, input.accountId))
        .for("update");
      const [taken] = await liveSubscriptionsInCategory(tx, input.accountId, plan.category);
      if (taken) throw categoryTaken(taken, plan);
      await closeOpenCheckouts({ accountId: input.accountId, customerId, plan, keepRequest: request });
      return createSubscriptionCheckout(
        {
          customerId,
          priceId,
          successUrl: input.successUrl,
          cancelUrl: input.cancelUrl,
          expiresAtSec: shortestCheckoutExpiry(),
          metadata: {
            onramp_account_id: input.accountId,
            onramp_purpose: "subscribe",
            onramp_plan_id: String(plan.id),
            onramp_user_id: input.userId,
            onramp_request: request,
          },
        },
        `${request}_subscription_checkout`,
      );
    });
    return { session, expiresAt: new Date(session.expires_at * 1000) };
  } catch (error) {
    if (error instanceof PaidMeanwhile) throw await error.record(db);
    throw providerError(error);
  }
}

export type SubscriptionFulfilment =
  | { kind: "fulfilled"; subscription: SubscriptionWithPlan; alreadyFulfilled: boolean }
  | { kind: "not_paid" }
  | { kind: "expired" }
  | { kind: "not_ours" };

export async function fulfilSubscriptionSession(
  db: Db,
  session: Stripe.Checkout.Session,
  causeRef: string | null,
): Promise<SubscriptionFulfilment> {
  if (session.metadata?.onramp_purpose !== "subscribe" || session.mode !== "subscription") {
    return { kind: "not_ours" };
  }
  const accountId = await ownAccountOf(db, session);
  if (!accountId) return { kind: "not_ours" };
  if (session.status === "expired") return { kind: "expired" };
  const subscriptionId =
    typeof session.subscription === "string" ? session.subscription : session.subscription?.id;
  if (session.status !== "complete" || !subscriptionId) return { kind: "not_paid" };

  let sub: Stripe.Subscription;
  try {
    sub = await retrieveSubscription(subscriptionId);
  } catch (error) {
    throw providerError(error);
  }
  const synced = await syncSubscription(db, sub, {
    readAt: new Date(),
    accountId,
    createdByUserId: session.metadata?.onramp_user_id ?? null,
  });
  if (!synced) throw new AppError("internal_error", `Subscription ${subscriptionId} is not an Onramp plan.`);
  const [claimed] = await db
    .update(subscriptions)
    .set({ checkoutSessionId: session.id, updatedAt: new Date() })
    .where(and(eq(subscriptions.id, synced.id), isNull(subscriptions.checkoutSessionId)))
    .returning();
  if (claimed) {
    log().info(
      { session_id: session.id, subscription_id: synced.id, cause: causeRef },
      "subscription checkout fulfilled",
    );
    await auditSubscription(db, claimed, "subscription.created", { checkout_session_id: session.id });
  }
  return {
    kind: "fulfilled",
    subscription: withPlan(claimed ?? synced),
    alreadyFulfilled: !claimed,
  };
}

/** A paid subscription session, recorded (by this call, or earlier by the webhook or the success page). */
export interface ConfirmedCheckout {
  sessionId: string;
  alreadyConfirmed: boolean;
  subscription: SubscriptionWithPlan;
}

/** `POST /subscriptions/confirm-checkout`: the session must be this account's subscription session. */
export async function confirmSubscriptionCheckout(
  db: Db,
  input: { accountId: string; sessionId: string },
): Promise<ConfirmedCheckout> {
  let session: Stripe.Checkout.Session;
  try {
    session = await retrieveSession(input.sessionId);
  } catch (error) {
    if (isStripeNotFound(error)) throw notFound("Checkout session");
    throw providerError(error);
  }
  if (session.metadata?.onramp_account_id !== input.accountId) throw notFound("Checkout session");
  const outcome = await fulfilSubscriptionSession(db, session, "confirm_checkout");
  switch (outcome.kind) {
    case "not_ours":
      throw new AppError(
        "validation_error",
        "session_id: this Checkout session does not buy a subscription; confirm wallet fundings with POST /api/agents/v1/wallet/confirm-checkout.",
        { details: { session_id: ["is not a subscription checkout session"] } },
      );
    case "expired":
      throw new AppError(
        "checkout_expired",
        "This Checkout session expired before it was paid. Start a new one.",
        {
          details: { session_id: session.id, status: "expired" },
        },
      );
    case "not_paid":
      throw new AppError(
        "checkout_not_paid",
        "This Checkout session has not been paid yet. Retry once the human has completed it.",
        {
          details: { session_id: session.id, status: "open" },
          headers: { "Retry-After": "5" },
        },
      );
    case "fulfilled":
      return {
        sessionId: session.id,
        alreadyConfirmed: outcome.alreadyFulfilled,
        subscription: outcome.subscription,
      };
  }
}
