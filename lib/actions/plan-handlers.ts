/**
 * Plans from the dashboard: subscribe with a card (3-D Secure handled in the page), change plan
 * after seeing the prorated estimate, pause, resume and cancel — all through lib/subscriptions,
 * exactly as POST/PUT /subscriptions do. The domain answers in typed outcomes; what the person
 * reads is written here, for people (the agents' next-step instructions never reach the page).
 */
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { formatUsd } from "@/lib/money";
import { paymentMethodId } from "@/lib/payments/schemas";
import { CategoryTaken } from "@/lib/subscriptions/category-taken";
import { changePlan, type PlanChange } from "@/lib/subscriptions/change-plan";
import { subscribeWithCard } from "@/lib/subscriptions/create-subscription";
import { cancelSubscription, pauseSubscription, resumeSubscriptionNow } from "@/lib/subscriptions/lifecycle";
import { type ChangeSettlement, SubscriptionConflict } from "@/lib/subscriptions/mutation";
import { previewPlanChange } from "@/lib/subscriptions/plan-change-preview";
import { type PlanPeriod, PlanUnavailable } from "@/lib/subscriptions/plans";
import { subscriptionStatus } from "@/lib/subscriptions/status";
import type { SubscriptionRow } from "@/lib/subscriptions/sync";
import { flag, integerId, subscriptionId } from "./fields";
import type { HumanContext } from "./session";
import { type SubscriptionData, subscriptionData } from "./subscription-view";

const attemptId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, "is not a valid attempt id");
const key = (ctx: HumanContext, attempt: string) => `dash_${ctx.human.accountId}_${attempt}`;

export type PlanOutcome =
  | { status: "done"; message: string; subscription: SubscriptionData }
  | { status: "requires_action"; message: string; subscription: SubscriptionData; clientSecret: string };

function outcome(subscription: SubscriptionRow, message: string, settlement: ChangeSettlement): PlanOutcome {
  const secret = settlement.kind === "requires_action" ? settlement.payment.clientSecret : null;
  if (secret)
    return {
      status: "requires_action",
      message,
      subscription: subscriptionData(subscription),
      clientSecret: secret,
    };
  return { status: "done", message, subscription: subscriptionData(subscription) };
}

const done = (subscription: SubscriptionRow, message: string): PlanOutcome =>
  outcome(subscription, message, { kind: "done" });

/** A refusal the domain words for agents ("… with POST /api/agents/v1/…"), reworded for a person. */
function forPeople(error: unknown): never {
  if (error instanceof CategoryTaken) {
    throw new AppError(
      "conflict",
      error.subscriptionStatus === "past_due" || error.subscriptionStatus === "unpaid"
        ? "Your current plan's last payment failed. It has to be paid before you subscribe again."
        : "You already have a plan of this kind. Switch that plan instead of subscribing again.",
    );
  }
  if (error instanceof SubscriptionConflict) throw new AppError("conflict", conflictSentence(error));
  if (error instanceof PlanUnavailable) {
    const text =
      error.reason === "not_on_sale"
        ? "is not on sale any more; choose another plan"
        : "is another kind of plan; subscribe to it on its own";
    throw new AppError("validation_error", `${error.field}: ${text}`, { details: { [error.field]: [text] } });
  }
  throw error;
}

function conflictSentence({ action, subscriptionStatus: status }: SubscriptionConflict): string {
  if (status === "canceled" || status === "incomplete_expired")
    return "This plan has ended. Choose a plan below to subscribe again.";
  if (status === "incomplete") return "This plan's first payment has not gone through yet.";
  if (status === "past_due" || status === "unpaid")
    return "This plan's last payment failed. It has to be paid before the plan can change.";
  if (action === "pause" && status === "paused") return "This plan is already paused.";
  if (action === "resume") return "This plan is neither paused nor set to cancel.";
  if (status === "paused") return "This plan is paused. Resume it first.";
  return `This plan cannot be changed while it is ${status.replaceAll("_", " ")}.`;
}

const perPeriod = (period: PlanPeriod) => (period === "yearly" ? "year" : "month");

function changeMessage(change: PlanChange): string {
  const from = change.previousPlan?.name ?? "your previous plan";
  const invoice = change.invoice;
  const money = !invoice
    ? ""
    : invoice.totalMinor < 0
      ? ` ${formatUsd(-invoice.totalMinor)} of unused time is credited to your next invoices.`
      : ` ${formatUsd(invoice.amountDueMinor)} was invoiced now for the difference.`;
  const next = ` From now on it is ${formatUsd(change.plan.priceMinor)} a ${perPeriod(change.plan.period)}.`;
  return `Changed from ${from} to ${change.plan.name}.${money}${next}`;
}

const subscribeSchema = z.object({
  plan_id: integerId,
  payment_method_id: paymentMethodId,
  attempt_id: attemptId,
});

export async function handleSubscribe(ctx: HumanContext, input: unknown): Promise<PlanOutcome> {
  const body = subscribeSchema.parse(input);
  const result = await subscribeWithCard(ctx.db, {
    accountId: ctx.human.accountId,
    userId: ctx.human.userId,
    planId: body.plan_id,
    paymentMethodId: body.payment_method_id,
    idempotencyRecordId: key(ctx, body.attempt_id),
  }).catch(forPeople);
  return result.kind === "requires_action"
    ? outcome(result.subscription, `Confirm the first payment of ${result.plan.name} with your bank.`, result)
    : done(result.subscription, `Subscribed to ${result.plan.name}.`);
}

const idSchema = z.object({ subscription_id: subscriptionId });

/** After a 3-D Secure challenge: the subscription re-read from Stripe. */
export async function handleSubscriptionStatus(ctx: HumanContext, input: unknown): Promise<SubscriptionData> {
  const { subscription_id } = idSchema.parse(input);
  return subscriptionData(await subscriptionStatus(ctx.db, ctx.human.accountId, subscription_id));
}

const changeSchema = z.object({ subscription_id: subscriptionId, new_plan_id: integerId });

/** The estimate shown before a switch, in cents (the page formats it). */
export interface PlanChangeEstimate {
  fromPlan: { id: number; name: string; period: PlanPeriod };
  toPlan: { id: number; name: string; period: PlanPeriod };
  dueNowMinor: number;
  creditMinor: number;
  restartsPeriod: boolean;
  nextRenewalAt: string;
  nextRenewalMinor: number;
}

export async function handlePreviewChange(ctx: HumanContext, input: unknown): Promise<PlanChangeEstimate> {
  const body = changeSchema.parse(input);
  const preview = await previewPlanChange(ctx.db, {
    accountId: ctx.human.accountId,
    subscriptionId: body.subscription_id,
    newPlanId: body.new_plan_id,
  }).catch(forPeople);
  const plan = (p: typeof preview.fromPlan) => ({ id: p.id, name: p.name, period: p.period });
  return {
    fromPlan: plan(preview.fromPlan),
    toPlan: plan(preview.toPlan),
    dueNowMinor: preview.dueNowMinor,
    creditMinor: preview.creditMinor,
    restartsPeriod: preview.restartsPeriod,
    nextRenewalAt: preview.nextRenewalAt.toISOString(),
    nextRenewalMinor: preview.nextRenewalMinor,
  };
}

export async function handleChangePlan(ctx: HumanContext, input: unknown): Promise<PlanOutcome> {
  const body = changeSchema.extend({ attempt_id: attemptId }).parse(input);
  const change = await changePlan(ctx.db, {
    accountId: ctx.human.accountId,
    userId: ctx.human.userId,
    subscriptionId: body.subscription_id,
    idempotencyRecordId: key(ctx, body.attempt_id),
    newPlanId: body.new_plan_id,
  }).catch(forPeople);
  return outcome(change.subscription, changeMessage(change), change);
}

const lifecycleSchema = idSchema.extend({ attempt_id: attemptId });

const mutation = (ctx: HumanContext, body: { subscription_id: number; attempt_id: string }) => ({
  accountId: ctx.human.accountId,
  userId: ctx.human.userId,
  subscriptionId: body.subscription_id,
  idempotencyRecordId: key(ctx, body.attempt_id),
});

export async function handlePause(ctx: HumanContext, input: unknown): Promise<PlanOutcome> {
  const paused = await pauseSubscription(ctx.db, mutation(ctx, lifecycleSchema.parse(input))).catch(
    forPeople,
  );
  return done(
    paused.subscription,
    "Paused. Renewals are not charged, and the plan's calls are unavailable until you resume it.",
  );
}

export async function handleResume(ctx: HumanContext, input: unknown): Promise<PlanOutcome> {
  const resumed = await resumeSubscriptionNow(ctx.db, mutation(ctx, lifecycleSchema.parse(input))).catch(
    forPeople,
  );
  const message =
    resumed.unpaused && resumed.cancellationTakenBack
      ? "Resumed, and the cancellation is taken back."
      : resumed.unpaused
        ? "Resumed. The plan's calls are available again."
        : "The cancellation is taken back: the plan renews as before.";
  return done(resumed.subscription, message);
}

export async function handleCancel(ctx: HumanContext, input: unknown): Promise<PlanOutcome> {
  const body = lifecycleSchema.extend({ immediately: flag.default(false) }).parse(input);
  const canceled = await cancelSubscription(ctx.db, {
    ...mutation(ctx, body),
    immediately: body.immediately,
  }).catch(forPeople);
  const message = {
    attempt_canceled: "The unpaid subscription was canceled; nothing was charged.",
    canceled_now: "Canceled. The plan's calls are no longer available.",
    scheduled:
      "Set to cancel at the end of the period: nothing more is charged, and the plan works until then.",
    already_scheduled: "Already set to cancel at the end of the period.",
  }[canceled.kind];
  return done(canceled.subscription, message);
}
