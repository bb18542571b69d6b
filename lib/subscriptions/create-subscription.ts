/**
 * `POST /subscriptions` with a card: the headless purchase. The subscription is created at Stripe
 * without charging, then its first invoice is paid on-session with the agent's card: 201 active,
 * 402 `payment_declined` naming the PaymentIntent (the attempt is then canceled and its invoice
 * voided, so nothing lingers), or 202 `requires_action` with a page a human can open.
 *
 * One live subscription per account and plan category: the check and the creation run under a
 * lock on the account row, so two concurrent purchases cannot both pass it. An earlier attempt
 * still waiting for payment (`incomplete`) is replaced rather than blocking the new one, and a
 * Checkout page still open for the category is expired so a human cannot pay it as well.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/lib/db/client";
import { accounts } from "@/lib/db/schema/accounts";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { ensureStripeCustomer } from "@/lib/payments/customer";
import { declinedError, type PendingPayment } from "@/lib/payments/intent-outcome";
import { isStripeNotFound, providerError } from "@/lib/stripe/errors";
import {
  cancelSubscriptionNow,
  createIncompleteSubscription,
  type Invoice,
  invoicePaymentIntentId,
  retrieveIntent,
  retrieveInvoice,
  retrieveSubscription,
  type Subscription,
  voidInvoice,
} from "@/lib/stripe/subscriptions";
import { categoryTaken } from "./category-taken";
import { auditSubscription } from "./mutation";
import { closeOpenCheckouts, PaidMeanwhile } from "./open-checkouts";
import { payInvoiceOnSession } from "./pay-invoice";
import { priceForPlan } from "./plan-prices";
import { type Plan, purchasablePlan } from "./plans";
import { LIVE_STATUSES, liveSubscriptionsInCategory } from "./queries";
import { refreshSubscription, type SubscriptionRow, syncSubscription } from "./sync";

export interface SubscribeInput {
  accountId: string;
  userId: string;
  planId: number;
  paymentMethodId: string;
  idempotencyRecordId: string | null;
}

/** A purchase with a card: paid and active, or its first payment waiting for a person (3-D Secure). */
export type SubscribeOutcome =
  | {
      kind: "active";
      plan: Plan;
      subscription: SubscriptionRow;
      paymentIntentId: string | null;
      invoiceId: string;
    }
  | { kind: "requires_action"; plan: Plan; subscription: SubscriptionRow; payment: PendingPayment };

async function retrieveOrNull(id: string): Promise<Subscription | null> {
  try {
    return await retrieveSubscription(id);
  } catch (error) {
    if (isStripeNotFound(error)) return null;
    throw error;
  }
}

/** Cancels an unpaid attempt at Stripe and voids its invoice; best effort, never masks the caller's answer. */
export async function abandonAttempt(
  db: Db | Tx,
  sub: Subscription,
  key: string,
  accountId: string,
): Promise<void> {
  try {
    const invoiceId = typeof sub.latest_invoice === "string" ? sub.latest_invoice : sub.latest_invoice?.id;
    if (invoiceId) await voidInvoice(invoiceId, `${key}_void`).catch(() => {});
    const canceled = await cancelSubscriptionNow(sub.id, `${key}_abandon`);
    await syncSubscription(db, canceled, { readAt: new Date(), accountId });
  } catch (error) {
    log().warn(
      { stripe_subscription_id: sub.id, err: String(error) },
      "could not cancel an unpaid subscription attempt",
    );
  }
}

/** A request still between creating its attempt and confirming the payment (a crashed one goes stale). */
const IN_FLIGHT_MS = 5 * 60_000;

/**
 * Whether an earlier unpaid attempt may be replaced: it waits for a human (3-D Secure) or was
 * declined, or its request died long ago. One whose payment may be under way right now (even
 * succeeding as we look) is not.
 */
async function replaceable(existing: SubscriptionRow, remote: Subscription): Promise<boolean> {
  if (Date.now() - existing.createdAt.getTime() > IN_FLIGHT_MS) return true;
  const invoiceId =
    typeof remote.latest_invoice === "string" ? remote.latest_invoice : remote.latest_invoice?.id;
  if (!invoiceId) return true;
  const piId = invoicePaymentIntentId(await retrieveInvoice(invoiceId));
  if (!piId) return true;
  const intent = await retrieveIntent(piId);
  return (
    intent.status === "requires_action" ||
    intent.status === "canceled" ||
    (intent.status === "requires_payment_method" && Boolean(intent.last_payment_error))
  );
}

async function createUnderLock(
  db: Db,
  input: SubscribeInput & { plan: Plan; customerId: string; priceId: string; key: string },
): Promise<{ sub: Subscription; row: SubscriptionRow | null }> {
  return db.transaction(async (tx) => {
    await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, input.accountId)).for("update");
    for (const existing of await liveSubscriptionsInCategory(tx, input.accountId, input.plan.category)) {
      if (existing.status !== "incomplete") throw categoryTaken(existing, input.plan);
      const remote = await retrieveOrNull(existing.stripeSubscriptionId);
      // A retry of this very request finds its own attempt: the idempotent create below returns it.
      if (!remote || remote.metadata?.onramp_request === input.key) continue;
      if ((LIVE_STATUSES as readonly string[]).includes(remote.status) && remote.status !== "incomplete") {
        await syncSubscription(tx, remote, { readAt: new Date(), accountId: input.accountId });
        throw categoryTaken({ ...existing, status: remote.status }, input.plan);
      }
      if (!(await replaceable(existing, remote))) {
        throw new AppError(
          "conflict",
          `Another purchase in the ${input.plan.category} category (subscription ${existing.id}) is being paid right now. Retry in a few seconds.`,
          {
            details: { subscription_id: existing.id, status: "incomplete" },
            headers: { "Retry-After": "5" },
          },
        );
      }
      await abandonAttempt(tx, remote, `${input.key}_replace_${existing.id}`, input.accountId);
    }
    await closeOpenCheckouts({
      accountId: input.accountId,
      customerId: input.customerId,
      plan: input.plan,
    });
    const sub = await createIncompleteSubscription(
      {
        customerId: input.customerId,
        priceId: input.priceId,
        metadata: {
          onramp_account_id: input.accountId,
          onramp_plan_id: String(input.plan.id),
          onramp_user_id: input.userId,
          onramp_request: input.key,
        },
      },
      `${input.key}_subscription`,
    );
    const row = await syncSubscription(tx, sub, {
      readAt: new Date(),
      accountId: input.accountId,
      createdByUserId: input.userId,
    });
    return { sub, row };
  });
}

export async function subscribeWithCard(db: Db, input: SubscribeInput): Promise<SubscribeOutcome> {
  const plan = purchasablePlan(input.planId);
  const customerId = await ensureStripeCustomer(db, input.accountId);
  const priceId = await priceForPlan(plan);
  const key = `onramp_${input.idempotencyRecordId ?? randomUUID()}`;
  let created: { sub: Subscription; row: SubscriptionRow | null };
  try {
    created = await createUnderLock(db, { ...input, plan, customerId, priceId, key });
  } catch (error) {
    if (error instanceof PaidMeanwhile) throw await error.record(db);
    throw providerError(error);
  }
  const { sub, row } = created;
  if (!row) throw new AppError("internal_error", "The new subscription could not be recorded.");
  const invoice = sub.latest_invoice as Invoice;
  const outcome = await payInvoiceOnSession(db, {
    accountId: input.accountId,
    userId: input.userId,
    subscriptionId: row.id,
    invoice,
    paymentMethodId: input.paymentMethodId,
    stripeKey: key,
  }).catch(async (error: unknown) => {
    // A bad card id is the caller's mistake: leave nothing behind before answering 422.
    if (error instanceof AppError && error.code === "validation_error")
      await abandonAttempt(db, sub, key, input.accountId);
    throw error;
  });

  if (outcome.kind === "declined") {
    await abandonAttempt(db, sub, key, input.accountId);
    throw declinedError(outcome);
  }
  const fresh = (await refreshSubscription(db, sub.id, { accountId: input.accountId })) ?? row;
  await auditSubscription(db, fresh, "subscription.created", { payment: outcome.kind });
  if (outcome.kind === "requires_action")
    return { kind: "requires_action", plan, subscription: fresh, payment: outcome };
  return {
    kind: "active",
    plan,
    subscription: fresh,
    paymentIntentId: outcome.paymentIntentId,
    invoiceId: invoice.id,
  };
}
