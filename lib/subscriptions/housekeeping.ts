/**
 * Safety net for lost webhooks: a live subscription whose period has ended by our clock is
 * re-read from Stripe, so a renewal (and its fresh quota), a failed payment or an end is picked up
 * even if its events never arrived. Runs at boot and every 15 minutes; never throws.
 */
import { and, inArray, lte } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { subscriptions } from "@/lib/db/schema/subscriptions";
import { log } from "@/lib/log";
import { LIVE_STATUSES } from "./queries";
import { refreshSubscription } from "./sync";

const EVERY_MS = 15 * 60_000;

export async function refreshLapsedSubscriptions(db: Db, now = new Date()): Promise<number> {
  const due = await db
    .select({ stripeId: subscriptions.stripeSubscriptionId, accountId: subscriptions.accountId })
    .from(subscriptions)
    .where(and(inArray(subscriptions.status, [...LIVE_STATUSES]), lte(subscriptions.currentPeriodEnd, now)))
    .limit(500);
  let refreshed = 0;
  for (const row of due) {
    try {
      await refreshSubscription(db, row.stripeId, { accountId: row.accountId });
      refreshed++;
    } catch (error) {
      log().warn({ stripe_subscription_id: row.stripeId, err: String(error) }, "subscription refresh failed");
    }
  }
  return refreshed;
}

export function scheduleSubscriptionRefresh(getDb: () => Promise<Db>): void {
  const run = async () => {
    try {
      const refreshed = await refreshLapsedSubscriptions(await getDb());
      if (refreshed) log().info({ refreshed }, "re-read lapsed subscriptions from Stripe");
    } catch (error) {
      log().warn({ err: String(error) }, "subscription refresh run failed");
    }
  };
  setInterval(run, EVERY_MS).unref();
  setTimeout(run, 45_000).unref();
}
