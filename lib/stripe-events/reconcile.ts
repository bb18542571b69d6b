/**
 * The reconciler: reads recent PaymentIntents, Checkout sessions, refunds and disputes back from
 * Stripe and applies any the ledger lacks — a succeeded payment's credit, a refund's reversal, a
 * dispute's hold or release — through the same exactly-once functions the webhook uses, so running
 * it alongside webhooks is safe. What it cannot explain — a credit whose PaymentIntent did not
 * succeed, amounts that differ, money taken back that the wallet cannot cover yet — is recorded as
 * an exception for a human, never "fixed". One object that fails is logged and skipped: the run
 * carries on with the others.
 */
import { and, eq, gte, inArray, lt } from "drizzle-orm";
import { auditEventsFor, recordAudit } from "@/lib/audit/audit-log";
import { syncLink } from "@/lib/checkout/links";
import type { Db } from "@/lib/db/client";
import { clawbacks, ledgerEntries } from "@/lib/db/schema/wallet";
import { log } from "@/lib/log";
import { disputesSince, refundsSince } from "@/lib/stripe/clawbacks";
import { checkoutSessionsSince, paymentIntentsSince } from "@/lib/stripe/payments";
import { clawbackSettled } from "@/lib/wallet/clawbacks";
import { settlePaymentIntent } from "@/lib/wallet/settle-payment";
import { syncDispute } from "./disputes";
import { syncRefund } from "./refunds";

type ReconcileException = { kind: string; reference: string; detail: string };

export interface ReconcileReport {
  scanned: number;
  credited: number;
  /** Refunds and disputes whose wallet movement this run made (reversal, hold, release). */
  clawedBack: number;
  /** Objects that failed to process (logged, skipped; the next run tries again). */
  failed: number;
  /** Everything unexplained in the window, including what earlier runs already reported. */
  exceptions: ReconcileException[];
  /** How many of those this run recorded and logged for the first time. */
  newExceptions: number;
}

export async function reconcile(db: Db, options: { windowHours?: number } = {}): Promise<ReconcileReport> {
  const sinceSec = Math.floor(Date.now() / 1000) - (options.windowHours ?? 72) * 3600;
  const report: ReconcileReport = {
    scanned: 0,
    credited: 0,
    clawedBack: 0,
    failed: 0,
    exceptions: [],
    newExceptions: 0,
  };
  const system = { actor: { userId: null, kind: "system" as const }, causeRef: "reconciler" };
  const cause = { by: "reconciler" as const, causeRef: "reconciler" };
  const seen = new Map<string, { status: string; amount: number }>();
  const each = async (id: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      report.failed++;
      log().error({ object_id: id, err: String(error) }, "reconciler could not process an object; skipped");
    }
  };

  for await (const intent of paymentIntentsSince(sinceSec)) {
    const purpose = intent.metadata?.onramp_purpose;
    if (purpose !== "fund" && purpose !== "auto_fund") continue;
    report.scanned++;
    seen.set(intent.id, { status: intent.status, amount: intent.amount });
    await each(intent.id, async () => {
      const { posting } = await settlePaymentIntent(db, intent, system);
      if (posting?.created) report.credited++;
    });
  }
  for await (const session of checkoutSessionsSince(sinceSec)) {
    if (session.metadata?.onramp_purpose !== "checkout_fund") continue;
    report.scanned++;
    seen.set(session.id, {
      status: session.payment_status === "paid" ? "succeeded" : (session.status ?? "open"),
      amount: session.amount_total ?? 0,
    });
    await each(session.id, async () => {
      const synced = await syncLink(db, session.id, "reconciler");
      if (synced?.outcome.kind === "fulfilled" && !synced.outcome.alreadyFulfilled) report.credited++;
    });
  }
  for await (const refund of refundsSince(sinceSec)) {
    if (await clawbackSettled(db, refund.id, refund.status)) continue;
    await each(refund.id, async () => {
      const outcome = await syncRefund(db, refund, cause);
      if (outcome) report.scanned++;
      if (outcome?.moved) report.clawedBack++;
    });
  }
  for await (const dispute of disputesSince(sinceSec)) {
    if (await clawbackSettled(db, dispute.id, dispute.status)) continue;
    await each(dispute.id, async () => {
      const outcome = await syncDispute(db, dispute, cause);
      if (outcome) report.scanned++;
      if (outcome?.moved) report.clawedBack++;
    });
  }

  // Every Stripe-backed credit in the window must match a succeeded object of the same amount.
  const credits = await db
    .select()
    .from(ledgerEntries)
    .where(
      and(
        eq(ledgerEntries.source, "stripe"),
        inArray(ledgerEntries.kind, ["fund", "auto_fund", "checkout_fund"]),
        gte(ledgerEntries.createdAt, new Date(sinceSec * 1000)),
      ),
    );
  for (const credit of credits) {
    const remote = seen.get(credit.externalId);
    if (!remote) {
      report.exceptions.push({
        kind: "credit_without_payment",
        reference: credit.externalId,
        detail: "no such object at Stripe in the window",
      });
    } else if (remote.status !== "succeeded") {
      report.exceptions.push({
        kind: "credit_without_payment",
        reference: credit.externalId,
        detail: `Stripe status is ${remote.status}`,
      });
    } else if (remote.amount !== credit.amountMinor) {
      report.exceptions.push({
        kind: "amount_mismatch",
        reference: credit.externalId,
        detail: `ledger ${credit.amountMinor} vs Stripe ${remote.amount} (cents)`,
      });
    }
  }
  // Money taken back that the wallet could not cover: owed, collected from the next funds.
  const unpaid = await db
    .select({ id: clawbacks.id, kind: clawbacks.kind })
    .from(clawbacks)
    .where(lt(clawbacks.takenMinor, clawbacks.targetMinor));
  for (const row of unpaid) {
    report.exceptions.push({
      kind: "clawback_unpaid",
      reference: row.id,
      detail: `the wallet could not cover this ${row.kind}; spending is suspended until it does`,
    });
  }
  // The reconciler runs every 15 minutes over a 72-hour window: an exception is logged and put in
  // the audit trail once, not on every run until it leaves the window.
  const fresh = await unrecorded(db, report.exceptions);
  for (const exception of fresh) {
    log().error({ ...exception }, "reconciliation exception");
    await recordAudit(db, {
      accountId: null,
      actor: { kind: "system" },
      action: "reconcile.exception",
      targetType: "ledger_reference",
      targetId: exception.reference,
      data: exception,
    });
  }
  report.newExceptions = fresh.length;
  return report;
}

async function unrecorded(db: Db, exceptions: ReconcileException[]): Promise<ReconcileException[]> {
  if (exceptions.length === 0) return [];
  const recorded = await auditEventsFor(
    db,
    "reconcile.exception",
    exceptions.map((e) => e.reference),
  );
  const seen = new Set(
    recorded.map((r) => {
      const data = (r.data ?? {}) as Partial<ReconcileException>;
      return `${r.targetId}|${data.kind}|${data.detail}`;
    }),
  );
  return exceptions.filter((e) => !seen.has(`${e.reference}|${e.kind}|${e.detail}`));
}
