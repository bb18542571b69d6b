/**
 * Plans from the dashboard: subscribe with a card (3-D Secure handled in the page), change plan
 * after seeing the prorated estimate, pause, resume and cancel — all through lib/subscriptions,
 * exactly as POST/PUT /subscriptions do.
 */
import { z } from "zod";
import { paymentMethodId } from "@/lib/payments/schemas";
import { changePlan } from "@/lib/subscriptions/change-plan";
import { subscribeWithCard } from "@/lib/subscriptions/create-subscription";
import { cancelSubscription, pauseSubscription, resumeSubscriptionNow } from "@/lib/subscriptions/lifecycle";
import { previewPlanChange } from "@/lib/subscriptions/plan-change-preview";
import type { SubscriptionView } from "@/lib/subscriptions/present";
import { subscriptionStatus } from "@/lib/subscriptions/status";
import { flag, integerId, subscriptionId } from "./fields";
import type { HumanContext } from "./session";

const attemptId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, "is not a valid attempt id");
const key = (ctx: HumanContext, attempt: string) => `dash_${ctx.human.accountId}_${attempt}`;

export type PlanOutcome =
  | { status: "done"; message: string; subscription: SubscriptionView }
  | { status: "requires_action"; message: string; subscription: SubscriptionView; client_secret: string };

type Body = { message?: unknown; subscription?: unknown; payment?: { client_secret?: string | null } };

function outcome(kind: string, body: Body): PlanOutcome {
  const subscription = body.subscription as SubscriptionView;
  const message = typeof body.message === "string" ? body.message : "";
  const secret = body.payment?.client_secret;
  if (kind === "requires_action" && secret)
    return { status: "requires_action", message, subscription, client_secret: secret };
  return { status: "done", message, subscription };
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
  });
  return outcome(result.kind, result.body as Body);
}

const idSchema = z.object({ subscription_id: subscriptionId });

/** After a 3-D Secure challenge: the subscription re-read from Stripe. */
export async function handleSubscriptionStatus(ctx: HumanContext, input: unknown) {
  const { subscription_id } = idSchema.parse(input);
  return subscriptionStatus(ctx.db, ctx.human.accountId, subscription_id);
}

const changeSchema = z.object({ subscription_id: subscriptionId, new_plan_id: integerId });

export async function handlePreviewChange(ctx: HumanContext, input: unknown) {
  const body = changeSchema.parse(input);
  return previewPlanChange(ctx.db, {
    accountId: ctx.human.accountId,
    subscriptionId: body.subscription_id,
    newPlanId: body.new_plan_id,
  });
}

export async function handleChangePlan(ctx: HumanContext, input: unknown): Promise<PlanOutcome> {
  const body = changeSchema.extend({ attempt_id: attemptId }).parse(input);
  const result = await changePlan(ctx.db, {
    accountId: ctx.human.accountId,
    userId: ctx.human.userId,
    subscriptionId: body.subscription_id,
    idempotencyRecordId: key(ctx, body.attempt_id),
    newPlanId: body.new_plan_id,
  });
  return outcome(result.kind, result.body as Body);
}

const lifecycleSchema = idSchema.extend({ attempt_id: attemptId });

const mutation = (ctx: HumanContext, body: { subscription_id: number; attempt_id: string }) => ({
  accountId: ctx.human.accountId,
  userId: ctx.human.userId,
  subscriptionId: body.subscription_id,
  idempotencyRecordId: key(ctx, body.attempt_id),
});

export async function handlePause(ctx: HumanContext, input: unknown): Promise<PlanOutcome> {
  const result = await pauseSubscription(ctx.db, mutation(ctx, lifecycleSchema.parse(input)));
  return { status: "done", message: result.message, subscription: result.subscription };
}

export async function handleResume(ctx: HumanContext, input: unknown): Promise<PlanOutcome> {
  const result = await resumeSubscriptionNow(ctx.db, mutation(ctx, lifecycleSchema.parse(input)));
  return { status: "done", message: result.message, subscription: result.subscription };
}

export async function handleCancel(ctx: HumanContext, input: unknown): Promise<PlanOutcome> {
  const body = lifecycleSchema.extend({ immediately: flag.default(false) }).parse(input);
  const result = await cancelSubscription(ctx.db, { ...mutation(ctx, body), immediately: body.immediately });
  return { status: "done", message: result.message, subscription: result.subscription };
}
