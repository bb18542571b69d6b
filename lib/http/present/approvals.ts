/**
 * The approval endpoints' wire shapes: the 202 a held request answers, an approval (with the
 * stored result of its run in the original route's shape), the policy, and the event stream.
 */
import type { ApprovalPolicy } from "@/lib/approvals/policy";
import type { Approval } from "@/lib/approvals/requests";
import type { ApprovalWatchEvent } from "@/lib/approvals/wait";
import type { StoredResult } from "@/lib/db/schema/approvals";
import { env } from "@/lib/env";
import { minorToUsd } from "@/lib/money";

const API = "/api/agents/v1";
export const approvalStatusUrl = (id: string) => `${env().appUrl}${API}/approvals/${id}`;

/** What a held request answers (202). */
export function presentHeld(approval: Approval) {
  return {
    status: "pending_approval",
    approval: {
      id: approval.id,
      status_url: approvalStatusUrl(approval.id),
      expires_at: approval.expiresAt.toISOString(),
    },
    message: `This request needs an owner's or admin's approval: ${approval.summary}. Wait for the decision with GET ${API}/approvals/${approval.id}?wait=60; once approved it runs and its result is in "result".`,
  };
}

function wirePayload(approval: Approval): Record<string, unknown> {
  const p = approval.payload;
  switch (approval.kind) {
    case "fund":
      return { amount: minorToUsd(Number(p.amountMinor)), payment_method_id: p.paymentMethodId ?? null };
    case "subscription":
      return { plan_id: p.planId, payment_method_id: p.paymentMethodId ?? null };
    case "plan_change":
      return { subscription_id: p.subscriptionId, new_plan_id: p.newPlanId };
    case "api_key":
      return { name: p.name, notes: p.notes ?? null };
  }
}

const MESSAGES: Record<Approval["status"], string> = {
  pending: "Waiting for an owner or admin.",
  approved: "Approved.",
  executed: "Approved and run: the original request's answer is in result.",
  rejected: "Rejected by an owner or admin; see reason.",
  expired:
    "Nobody decided in time: the request expired and did not run. Send it again if it is still needed.",
};

/** `shown` replaces the stored result for the caller who just ran it (a new key's secret). */
export function presentApproval(approval: Approval, shown?: StoredResult | null) {
  const awaitingPickup = approval.status === "approved" && approval.kind === "api_key";
  return {
    id: approval.id,
    kind: approval.kind,
    status: approval.status,
    summary: approval.summary,
    request: wirePayload(approval),
    cost:
      approval.amountMinor === null ? null : { amount: minorToUsd(approval.amountMinor), currency: "USD" },
    requested_by: {
      user_id: approval.requesterUserId,
      name: approval.requesterName,
      email: approval.requesterEmail,
      device: approval.requesterLabel,
    },
    created_at: approval.createdAt.toISOString(),
    expires_at: approval.expiresAt.toISOString(),
    decided_at: approval.decidedAt?.toISOString() ?? null,
    decided_by: approval.decidedByUserId,
    reason: approval.reason,
    executed_at: approval.executedAt?.toISOString() ?? null,
    result: shown ?? approval.result ?? null,
    status_url: approvalStatusUrl(approval.id),
    message: awaitingPickup
      ? `Approved: the key is created when its requester reads GET ${API}/approvals/${approval.id}, and shown to them once.`
      : MESSAGES[approval.status],
  };
}

export function presentApprovalPage(page: { approvals: Approval[]; nextCursor: string | null }) {
  return {
    items: page.approvals.map((a) => presentApproval(a)),
    count: page.approvals.length,
    next_cursor: page.nextCursor,
  };
}

export function presentPolicy(policy: ApprovalPolicy) {
  return {
    subscriptions: policy.subscriptions,
    funds: policy.funds,
    fund_threshold: minorToUsd(policy.fundThresholdMinor),
    api_keys: policy.apiKeys,
    currency: "USD",
    applies_to: ["member"],
    is_default: policy.updatedAt === null,
    updated_at: policy.updatedAt?.toISOString() ?? null,
  };
}

export function approvalStream(events: AsyncIterable<ApprovalWatchEvent>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown) =>
        controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      try {
        for await (const event of events) {
          if (event.kind === "status")
            send("status", presentApproval(event.decided.approval, event.decided.shown));
          else if (event.kind === "unchanged") controller.enqueue(encoder.encode(": keep-alive\n\n"));
          else send("end", { status: event.status });
        }
      } catch (error) {
        send("error", { message: error instanceof Error ? error.message : "stream failed" });
      } finally {
        controller.close();
      }
    },
  });
}
