/** Reads of the subscription mirror, always scoped to the acting account. */
import { and, desc, eq, inArray, isNotNull, or } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { subscriptions } from "@/lib/db/schema/subscriptions";
import { notFound } from "@/lib/errors";
import type { SubscriptionRow } from "./sync";

/** Stripe statuses in which a subscription still holds its category. */
export const LIVE_STATUSES = ["incomplete", "trialing", "active", "past_due", "unpaid", "paused"] as const;

/** Another account's subscription is a 404, exactly like one that does not exist. */
export async function findOwnSubscription(
  db: DbOrTx,
  accountId: string,
  id: number,
): Promise<SubscriptionRow> {
  const [row] = await db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.id, id), eq(subscriptions.accountId, accountId)));
  if (!row) throw notFound("Subscription");
  return row;
}

/**
 * The account's subscriptions, newest first. Attempts whose first payment never went through
 * (declined, abandoned) are left out; one still awaiting authentication is shown.
 */
export function listAccountSubscriptions(db: DbOrTx, accountId: string): Promise<SubscriptionRow[]> {
  return db
    .select()
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.accountId, accountId),
        or(isNotNull(subscriptions.activatedAt), eq(subscriptions.status, "incomplete")),
      ),
    )
    .orderBy(desc(subscriptions.createdAt), desc(subscriptions.id));
}

export function liveSubscriptionsInCategory(
  db: DbOrTx,
  accountId: string,
  category: string,
): Promise<SubscriptionRow[]> {
  return db
    .select()
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.accountId, accountId),
        eq(subscriptions.category, category),
        inArray(subscriptions.status, [...LIVE_STATUSES]),
      ),
    );
}

export async function findByStripeId(
  db: DbOrTx,
  stripeSubscriptionId: string,
): Promise<SubscriptionRow | undefined> {
  const [row] = await db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.stripeSubscriptionId, stripeSubscriptionId));
  return row;
}
