/**
 * Brings our row for a Stripe subscription in line with a fresh read of it. Every door ends here:
 * the create call, each lifecycle mutation, every subscription and invoice webhook and status
 * reads. Writes are ordered by when Stripe's answer came back (`synced_at`): an older read that
 * lands late is dropped, so duplicates and any delivery order converge on Stripe's state.
 */
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { accounts } from "@/lib/db/schema/accounts";
import { subscriptions } from "@/lib/db/schema/subscriptions";
import { log } from "@/lib/log";
import { isStripeNotFound, providerError } from "@/lib/stripe/errors";
import { retrieveSubscription, type Subscription } from "@/lib/stripe/subscriptions";
import { planOfPrice } from "./plan-prices";

export type SubscriptionRow = typeof subscriptions.$inferSelect;

const toDate = (sec: number | null | undefined) => (sec ? new Date(sec * 1000) : null);
const idOf = (v: string | { id: string } | null | undefined) => (typeof v === "string" ? v : (v?.id ?? null));

async function accountOfCustomer(db: DbOrTx, customerId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.stripeCustomerId, customerId));
  return row?.id ?? null;
}

export interface SyncOptions {
  /** When the read came back from Stripe. */
  readAt: Date;
  /** Known by the caller (saves a lookup and keeps a transaction on its own connection). */
  accountId?: string;
  createdByUserId?: string | null;
}

/** Upserts the row; null when the subscription is not one of ours (no account, unknown plan). */
export async function syncSubscription(
  db: DbOrTx,
  sub: Subscription,
  options: SyncOptions,
): Promise<SubscriptionRow | null> {
  const customerId = idOf(sub.customer);
  const accountId =
    options.accountId ??
    sub.metadata?.onramp_account_id ??
    (customerId ? await accountOfCustomer(db, customerId) : null);
  const item = sub.items.data[0];
  const plan = item ? planOfPrice(item.price) : undefined;
  if (!accountId || !customerId || !item || !plan) {
    log().warn({ stripe_subscription_id: sub.id }, "subscription is not an Onramp plan; not mirrored");
    return null;
  }
  const periodStart = toDate(item.current_period_start) ?? new Date(sub.start_date * 1000);
  const periodEnd = toDate(item.current_period_end) ?? periodStart;
  const live = sub.status === "active" || sub.status === "trialing";
  const values = {
    accountId,
    planId: plan.id,
    category: plan.category,
    stripeSubscriptionId: sub.id,
    stripeCustomerId: customerId,
    stripePriceId: item.price.id,
    status: sub.status,
    pausedAt: sub.pause_collection ? options.readAt : null,
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    cancelAt: toDate(sub.cancel_at),
    canceledAt: toDate(sub.canceled_at),
    endedAt: toDate(sub.ended_at),
    currentPeriodStart: periodStart,
    currentPeriodEnd: periodEnd,
    activatedAt: live ? options.readAt : null,
    quotaLimit: plan.apiCallLimit,
    quotaUsed: 0,
    quotaPeriodStart: periodStart,
    latestInvoiceId: idOf(sub.latest_invoice),
    defaultPaymentMethodId: idOf(sub.default_payment_method),
    createdByUserId: options.createdByUserId ?? null,
    syncedAt: options.readAt,
  };
  const t = subscriptions;
  const [row] = await db
    .insert(t)
    .values(values)
    .onConflictDoUpdate({
      target: t.stripeSubscriptionId,
      set: {
        planId: sql`excluded.plan_id`,
        category: sql`excluded.category`,
        stripePriceId: sql`excluded.stripe_price_id`,
        status: sql`excluded.status`,
        // Keep when the pause began; clear it when collection resumed.
        pausedAt: sql`case when excluded.paused_at is null then null else coalesce(${t.pausedAt}, excluded.paused_at) end`,
        cancelAtPeriodEnd: sql`excluded.cancel_at_period_end`,
        cancelAt: sql`excluded.cancel_at`,
        canceledAt: sql`excluded.canceled_at`,
        endedAt: sql`excluded.ended_at`,
        currentPeriodStart: sql`excluded.current_period_start`,
        currentPeriodEnd: sql`excluded.current_period_end`,
        activatedAt: sql`coalesce(${t.activatedAt}, excluded.activated_at)`,
        quotaLimit: sql`excluded.quota_limit`,
        // A new period (renewal, reset cycle, new interval) starts a fresh counter.
        quotaUsed: sql`case when ${t.quotaPeriodStart} = excluded.quota_period_start then ${t.quotaUsed} else 0 end`,
        quotaPeriodStart: sql`excluded.quota_period_start`,
        latestInvoiceId: sql`excluded.latest_invoice_id`,
        defaultPaymentMethodId: sql`excluded.default_payment_method_id`,
        createdByUserId: sql`coalesce(${t.createdByUserId}, excluded.created_by_user_id)`,
        syncedAt: sql`excluded.synced_at`,
        updatedAt: sql`now()`,
      },
      setWhere: sql`${t.syncedAt} <= excluded.synced_at`,
    })
    .returning();
  if (row) return row;
  // A newer read was already written: that one stands.
  const [current] = await db.select().from(t).where(eq(t.stripeSubscriptionId, sub.id));
  return current ?? null;
}

/** Re-reads a subscription from Stripe and syncs it; null when Stripe does not know it. */
export async function refreshSubscription(
  db: DbOrTx,
  stripeSubscriptionId: string,
  options: Omit<SyncOptions, "readAt"> = {},
): Promise<SubscriptionRow | null> {
  let sub: Subscription;
  try {
    sub = await retrieveSubscription(stripeSubscriptionId);
  } catch (error) {
    if (isStripeNotFound(error)) return null;
    throw providerError(error);
  }
  return syncSubscription(db, sub, { ...options, readAt: new Date() });
}
