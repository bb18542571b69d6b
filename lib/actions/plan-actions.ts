"use server";
// Plan server actions: session check, then one handler (lib/actions/plan-handlers.ts).
import {
  handleCancel,
  handleChangePlan,
  handlePause,
  handlePreviewChange,
  handleResume,
  handleSubscribe,
  handleSubscriptionStatus,
} from "./plan-handlers";
import { runAsHuman } from "./session";

export async function subscribeAction(input: unknown) {
  return runAsHuman((ctx) => handleSubscribe(ctx, input), {
    input,
    limiter: "billing",
    permission: "subscribe",
  });
}

export async function subscriptionStatusAction(input: unknown) {
  return runAsHuman((ctx) => handleSubscriptionStatus(ctx, input), { input, permission: "read" });
}

export async function previewPlanChangeAction(input: unknown) {
  return runAsHuman((ctx) => handlePreviewChange(ctx, input), { input, permission: "read" });
}

export async function changePlanAction(input: unknown) {
  return runAsHuman((ctx) => handleChangePlan(ctx, input), {
    input,
    limiter: "billing",
    permission: "subscribe",
  });
}

export async function pauseSubscriptionAction(input: unknown) {
  return runAsHuman((ctx) => handlePause(ctx, input), { input, limiter: "billing", permission: "subscribe" });
}

export async function resumeSubscriptionAction(input: unknown) {
  return runAsHuman((ctx) => handleResume(ctx, input), {
    input,
    limiter: "billing",
    permission: "subscribe",
  });
}

export async function cancelSubscriptionAction(input: unknown) {
  return runAsHuman((ctx) => handleCancel(ctx, input), {
    input,
    limiter: "billing",
    permission: "subscribe",
  });
}
