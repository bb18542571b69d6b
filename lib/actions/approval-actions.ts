"use server";
// Approval server actions: session check, then one handler (lib/actions/approval-handlers.ts).
import { handleApprove, handleReject, handleUpdatePolicy } from "./approval-handlers";
import { runAsHuman } from "./session";

export async function approveAction(input: unknown) {
  return runAsHuman((ctx) => handleApprove(ctx, input), { input, limiter: "billing" });
}

export async function rejectAction(input: unknown) {
  return runAsHuman((ctx) => handleReject(ctx, input), { input });
}

export async function updateApprovalPolicyAction(input: unknown) {
  return runAsHuman((ctx) => handleUpdatePolicy(ctx, input), { input });
}
