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
import { declinedError, requiresActionPayment } from "@/lib/payments/intent-outcome";
import { providerError } from "@/lib/stripe/errors";
import { cancelSubscriptionNow, resumeSubscription, retrieveSubscription } from "@/lib/stripe/subscriptions";
import { abandonAttempt } from "./create-subscription";
import {
  applyUpdate,
  freshOwnSubscription,
  impossible,
  invoiceOfChange,
  type MutationInput,
  presentInvoiceBrief,
  stripeKeyFor,
} from "./mutation";
import { presentedStatus, presentSubscription } from "./present";
import { type SubscriptionRow, syncSubscription } from "./sync";

const ENDED = new Set(["canceled", "incomplete_expired"]);

function refuseEnded(row: SubscriptionRow, action: string): void {
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

export async function pauseSubscription(db: Db, input: MutationInput) {
  const row = await freshOwnSubscription(db, input);
  refuseEnded(row, "pause");
  const status = presentedStatus(row);
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
  return {
    message: "Paused: renewals are not charged and the plan's calls are unavailable until you resume it.",
    subscription: presentSubscription(paused),
  };
}

export async function resumeSubscriptionNow(db: Db, input: MutationInput) {
  const row = await freshOwnSubscription(db, input);
  if (ENDED.has(row.status))
    throw impossible(row, "resume", "Subscribe again with POST /api/agents/v1/subscriptions.");
  const key = stripeKeyFor(input, "resume");
  let current = row;
  const done: string[] = [];
  if (row.status === "paused") {
    try {
      const sub = await resumeSubscription(row.stripeSubscriptionId, `${key}_status`);
      current =
        (await syncSubscription(db, sub, { readAt: new Date(), accountId: row.accountId })) ?? current;
    } catch (error) {
      throw providerError(error);
    }
    done.push("resumed");
  } else if (row.pausedAt) {
    current = (await applyUpdate(db, current, { pause_collection: "" }, `${key}_collection`)).row;
    done.push("resumed");
  }
  if (current.cancelAtPeriodEnd) {
    current = (await applyUpdate(db, current, { cancel_at_period_end: false }, `${key}_uncancel`)).row;
    done.push("its scheduled cancellation was taken back");
  }
  if (done.length === 0) {
    throw impossible(row, "resume", "It is neither paused nor scheduled to cancel.");
  }
  return {
    message: `Subscription ${row.id}: ${done.join("; ")}.`,
    subscription: presentSubscription(current),
  };
}

export async function resetSubscriptionCycle(db: Db, input: MutationInput) {
  const row = await freshOwnSubscription(db, input);
  refuseEnded(row, "reset the billing cycle of");
  const status = presentedStatus(row);
  if (status !== "active") {
    throw impossible(
      row,
      "reset the billing cycle of",
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
  const body = {
    message:
      "The billing cycle restarted now: the unused time was credited, the new period was invoiced and the plan's calls were reset.",
    subscription: presentSubscription(reset),
    invoice: invoice ? presentInvoiceBrief(invoice) : null,
  };
  return settleChangePayment(body, reset, payment);
}

/** A change's invoice that did not get paid becomes the purchase's 402 / 202. */
export function settleChangePayment(
  body: Record<string, unknown> & { subscription: ReturnType<typeof presentSubscription> },
  row: SubscriptionRow,
  payment: Awaited<ReturnType<typeof invoiceOfChange>>["payment"],
): { kind: "done" | "requires_action"; body: Record<string, unknown> } {
  if (payment?.kind === "declined") {
    throw declinedError(payment, {
      subscription_id: row.id,
      status: presentedStatus(row),
      fix: `POST /api/agents/v1/subscriptions/${row.id}/fix-payment`,
    });
  }
  if (payment?.kind === "requires_action") {
    const p = requiresActionPayment(payment);
    return {
      kind: "requires_action",
      body: {
        ...body,
        status: "requires_action",
        payment: p,
        message: `${body.message as string} The charge needs authentication: ask a human to open ${p.next_action_url}, then poll GET /api/agents/v1/subscriptions/${row.id}/status.`,
      },
    };
  }
  return { kind: "done", body };
}

export async function cancelSubscription(db: Db, input: MutationInput & { immediately: boolean }) {
  const row = await freshOwnSubscription(db, input);
  if (ENDED.has(row.status)) throw impossible(row, "cancel", "It has already ended.");
  const key = stripeKeyFor(input, input.immediately ? "cancel_now" : "cancel_at_period_end");
  if (row.status === "incomplete") {
    // An unpaid attempt has nothing to run until: it ends now, and its invoice is voided.
    const sub = await retrieveSubscription(row.stripeSubscriptionId).catch((e: unknown) =>
      Promise.reject(providerError(e)),
    );
    await abandonAttempt(db, sub, key, row.accountId);
    const ended = await freshOwnSubscription(db, input);
    return {
      message: "The unpaid subscription attempt was canceled; nothing was charged.",
      subscription: presentSubscription(ended),
    };
  }
  if (input.immediately) {
    try {
      const sub = await cancelSubscriptionNow(row.stripeSubscriptionId, key);
      const ended =
        (await syncSubscription(db, sub, { readAt: new Date(), accountId: row.accountId })) ?? row;
      return {
        message:
          "Canceled now. The plan's calls are no longer available; the unused part of the period is not refunded.",
        subscription: presentSubscription(ended),
      };
    } catch (error) {
      throw providerError(error);
    }
  }
  if (row.cancelAtPeriodEnd) {
    return {
      message: `Already set to cancel at the end of the period (${row.currentPeriodEnd.toISOString()}).`,
      subscription: presentSubscription(row),
    };
  }
  const { row: scheduled } = await applyUpdate(db, row, { cancel_at_period_end: true }, key);
  return {
    message: `Set to cancel at the end of the period (${scheduled.currentPeriodEnd.toISOString()}): nothing more will be charged, and the plan works until then. Take it back with POST /api/agents/v1/subscriptions/${row.id}/resume.`,
    subscription: presentSubscription(scheduled),
  };
}
