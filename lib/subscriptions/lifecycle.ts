/**
 * Pause, resume, reset-cycle and cancel. Each decides on a fresh read of the subscription and
 * refuses impossible transitions with a 409 that says what is possible instead.
 *
 * - pause: Stripe pauses collection (`void` behaviour): the subscription keeps its period, renewals
 *   are not charged, and the plan's quota is not usable until it resumes.
 * - resume: lifts a pause, and also takes back a cancellation scheduled for the period end.
 * - reset-cycle: starts a new period now (billing cycle anchor = now): the unused part of the
 *   current period is credited, the new period is invoiced at once and the quota starts afresh.
 * - cancel: at the period end by default (nothing more is charged, the plan works until then);
 *   `immediately` ends it now without a refund of the unused period.
 */

import type { Db } from "@/lib/db/client";
import { providerError } from "@/lib/stripe/errors";
import { cancelSubscriptionNow, resumeSubscription, retrieveSubscription } from "@/lib/stripe/subscriptions";
import { abandonAttempt } from "./create-subscription";
import {
  applyUpdate,
  auditSubscription,
  type ChangeSettlement,
  freshOwnSubscription,
  type InvoiceBrief,
  impossible,
  invoiceBriefOf,
  invoiceOfChange,
  type MutationInput,
  type SubscriptionAction,
  settleChangePayment,
  stripeKeyFor,
} from "./mutation";
import { subscriptionStatusOf } from "./state";
import { type SubscriptionRow, syncSubscription } from "./sync";

const ENDED = new Set(["canceled", "incomplete_expired"]);

function refuseEnded(row: SubscriptionRow, action: SubscriptionAction): void {
  if (ENDED.has(row.status))
    throw impossible(row, action, "Subscribe again with POST /api/agents/v1/subscriptions.");
  if (row.status === "incomplete") {
    throw impossible(
      row,
      action,
      "Its first payment has not gone through yet: complete it, or cancel the attempt.",
    );
  }
}

export interface Paused {
  kind: "paused";
  subscription: SubscriptionRow;
}

export async function pauseSubscription(db: Db, input: MutationInput): Promise<Paused> {
  const row = await freshOwnSubscription(db, input);
  refuseEnded(row, "pause");
  const status = subscriptionStatusOf(row);
  if (status === "paused")
    throw impossible(row, "pause", "It is already paused; resume it with POST …/resume.");
  if (status !== "active" && status !== "trialing") {
    throw impossible(
      row,
      "pause",
      `Repair its payment first with POST /api/agents/v1/subscriptions/${row.id}/fix-payment.`,
    );
  }
  const { row: paused } = await applyUpdate(
    db,
    row,
    { pause_collection: { behavior: "void" } },
    stripeKeyFor(input, "pause"),
  );
  await auditSubscription(db, paused, "subscription.paused");
  return { kind: "paused", subscription: paused };
}

/** What a resume did: lifted a pause, took back a scheduled cancellation, or both. */
export interface Resumed {
  kind: "resumed";
  subscription: SubscriptionRow;
  unpaused: boolean;
  cancellationTakenBack: boolean;
}

export async function resumeSubscriptionNow(db: Db, input: MutationInput): Promise<Resumed> {
  const row = await freshOwnSubscription(db, input);
  if (ENDED.has(row.status))
    throw impossible(row, "resume", "Subscribe again with POST /api/agents/v1/subscriptions.");
  const key = stripeKeyFor(input, "resume");
  let current = row;
  let unpaused = false;
  let cancellationTakenBack = false;
  if (row.status === "paused") {
    try {
      const sub = await resumeSubscription(row.stripeSubscriptionId, `${key}_status`);
      current =
        (await syncSubscription(db, sub, { readAt: new Date(), accountId: row.accountId })) ?? current;
    } catch (error) {
      throw providerError(error);
    }
    unpaused = true;
  } else if (row.pausedAt) {
    current = (await applyUpdate(db, current, { pause_collection: "" }, `${key}_collection`)).row;
    unpaused = true;
  }
  if (current.cancelAtPeriodEnd) {
    current = (await applyUpdate(db, current, { cancel_at_period_end: false }, `${key}_uncancel`)).row;
    cancellationTakenBack = true;
  }
  if (!unpaused && !cancellationTakenBack) {
    throw impossible(row, "resume", "It is neither paused nor scheduled to cancel.");
  }
  await auditSubscription(db, current, "subscription.resumed", {
    unpaused,
    cancellation_taken_back: cancellationTakenBack,
  });
  return { kind: "resumed", subscription: current, unpaused, cancellationTakenBack };
}

/** A new period started now; its invoice (if Stripe issued one) and how it was paid. */
export type CycleReset = { subscription: SubscriptionRow; invoice: InvoiceBrief | null } & ChangeSettlement;

export async function resetSubscriptionCycle(db: Db, input: MutationInput): Promise<CycleReset> {
  const row = await freshOwnSubscription(db, input);
  refuseEnded(row, "reset_cycle");
  const status = subscriptionStatusOf(row);
  if (status !== "active") {
    throw impossible(
      row,
      "reset_cycle",
      status === "paused" ? "Resume it first." : "Repair its payment first.",
    );
  }
  const { row: reset, sub } = await applyUpdate(
    db,
    row,
    { billing_cycle_anchor: { type: "now" }, proration_behavior: "create_prorations" },
    stripeKeyFor(input, "reset_cycle"),
  );
  const { invoice, payment } = await invoiceOfChange(db, row, sub, input.userId);
  await auditSubscription(db, reset, "subscription.changed", {
    change: "reset_cycle",
    invoice_id: invoice?.id ?? null,
  });
  return {
    subscription: reset,
    invoice: invoice ? invoiceBriefOf(invoice) : null,
    ...settleChangePayment(reset, payment),
  };
}

/**
 * What a cancel did: ended an unpaid first attempt, ended the subscription now, or scheduled the
 * end for the period's end (`already_scheduled` when it was set before).
 */
export type Canceled = {
  kind: "attempt_canceled" | "canceled_now" | "scheduled" | "already_scheduled";
  subscription: SubscriptionRow;
};

export async function cancelSubscription(
  db: Db,
  input: MutationInput & { immediately: boolean },
): Promise<Canceled> {
  const row = await freshOwnSubscription(db, input);
  if (ENDED.has(row.status)) throw impossible(row, "cancel", "It has already ended.");
  const key = stripeKeyFor(input, input.immediately ? "cancel_now" : "cancel_at_period_end");
  if (row.status === "incomplete") {
    // An unpaid attempt has nothing to run until: it ends now, and its invoice is voided.
    const sub = await retrieveSubscription(row.stripeSubscriptionId).catch((e: unknown) =>
      Promise.reject(providerError(e)),
    );
    await abandonAttempt(db, sub, key, row.accountId);
    await auditSubscription(db, row, "subscription.cancelled", { when: "now", unpaid_attempt: true });
    return { kind: "attempt_canceled", subscription: await freshOwnSubscription(db, input) };
  }
  if (input.immediately) {
    try {
      const sub = await cancelSubscriptionNow(row.stripeSubscriptionId, key);
      const ended =
        (await syncSubscription(db, sub, { readAt: new Date(), accountId: row.accountId })) ?? row;
      await auditSubscription(db, ended, "subscription.cancelled", { when: "now" });
      return { kind: "canceled_now", subscription: ended };
    } catch (error) {
      throw providerError(error);
    }
  }
  if (row.cancelAtPeriodEnd) return { kind: "already_scheduled", subscription: row };
  const { row: scheduled } = await applyUpdate(db, row, { cancel_at_period_end: true }, key);
  await auditSubscription(db, scheduled, "subscription.cancelled", { when: "period_end" });
  return { kind: "scheduled", subscription: scheduled };
}
