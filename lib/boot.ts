/** Server start: migrate, then schedule housekeeping. Called from instrumentation.ts. */

import { resumeStaleExecutions } from "@/lib/approvals/decide";
import { expireDueApprovals } from "@/lib/approvals/requests";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { SWEEP_AFTER_MS, settleStaleGenerations } from "@/lib/generation/sweep";
import { executeApproval } from "@/lib/http/approvals";
import { purgeIdempotencyRecords } from "@/lib/http/idempotency";
import { log } from "@/lib/log";
import { setInboxProbe } from "@/lib/metrics/inbox";
import { metrics } from "@/lib/metrics/registry";
import { sweepStripeInbox } from "@/lib/stripe-events/inbox";
import { reconcile } from "@/lib/stripe-events/reconcile";
import { scheduleSubscriptionRefresh } from "@/lib/subscriptions/housekeeping";
import { syncPlansToStripe } from "@/lib/subscriptions/plan-prices";

const HOUR_MS = 3_600_000;
const RECONCILE_EVERY_MS = 15 * 60_000;
const APPROVAL_SWEEP_MS = 60_000;
const INBOX_SWEEP_EVERY_MS = 60_000;

export async function boot(): Promise<void> {
  try {
    await getDb();
  } catch (error) {
    console.error(
      `[onramp] cannot open the database: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  }
  setInboxProbe(getDb);

  const purge = async () => {
    try {
      const removed = await purgeIdempotencyRecords(await getDb(), env().idempotencyRetentionHours);
      if (removed) log().info({ removed }, "purged idempotency records");
    } catch (error) {
      log().warn({ err: String(error) }, "idempotency purge failed");
    }
  };
  setInterval(purge, HOUR_MS).unref();
  void purge();

  // Applies any payment, refund or dispute whose webhook was lost; see lib/stripe-events/reconcile.ts.
  const reconcileNow = async () => {
    try {
      const report = await reconcile(await getDb());
      const m = metrics();
      m.reconcilerRuns.inc({ outcome: "completed" });
      if (report.newExceptions) m.reconcilerExceptions.inc({ kind: "exception" }, report.newExceptions);
      if (report.failed) m.reconcilerExceptions.inc({ kind: "failed" }, report.failed);
      if (report.credited || report.clawedBack || report.failed || report.newExceptions)
        log().warn({ ...report }, "reconciler found differences");
    } catch (error) {
      metrics().reconcilerRuns.inc({ outcome: "failed" });
      log().warn({ err: String(error) }, "reconciler run failed");
    }
  };
  // The plan catalogue's Stripe products and prices; a failure here is retried by the first purchase.
  syncPlansToStripe().catch((error: unknown) =>
    log().warn({ err: String(error) }, "plan catalogue sync failed; it is retried on first use"),
  );
  scheduleSubscriptionRefresh(getDb);

  // Generations left `processing` by a crash are finished or refunded (lib/generation/sweep.ts).
  setInterval(async () => {
    try {
      await settleStaleGenerations(await getDb());
    } catch (error) {
      log().warn({ err: String(error) }, "generation sweep failed");
    }
  }, SWEEP_AFTER_MS).unref();

  // Held requests past their time expire (reads expire them too); approved runs that died resume.
  setInterval(async () => {
    try {
      const db = await getDb();
      await expireDueApprovals(db);
      await resumeStaleExecutions(db, executeApproval);
    } catch (error) {
      log().warn({ err: String(error) }, "approval sweep failed");
    }
  }, APPROVAL_SWEEP_MS).unref();
  // Webhook events acknowledged but not finished (a failed handler, a crash after the answer).
  setInterval(async () => {
    try {
      const report = await sweepStripeInbox(await getDb());
      if (report.processed || report.failed) log().info({ ...report }, "stripe inbox sweep");
    } catch (error) {
      log().warn({ err: String(error) }, "stripe inbox sweep failed");
    }
  }, INBOX_SWEEP_EVERY_MS).unref();

  setInterval(reconcileNow, RECONCILE_EVERY_MS).unref();
  setTimeout(reconcileNow, 30_000).unref();
}
