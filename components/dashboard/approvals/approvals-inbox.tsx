"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useAction } from "@/components/dashboard/data/use-action";
import { useInvalidate } from "@/components/dashboard/data/use-resource";
import { formatDateTime, usd } from "@/components/dashboard/format";
import { useApprovals } from "@/components/dashboard/queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { Skeleton } from "@/components/ui/skeleton";
import { approveAction, rejectAction } from "@/lib/actions/approval-actions";
import { queryKeys } from "@/lib/query/keys";
import type { ApprovalData } from "@/lib/query/loaders";
import { fieldErrorsOf, unwrap } from "@/lib/query/unwrap";

const STATUS_TONE = {
  pending: "warning",
  approved: "brand",
  executed: "success",
  rejected: "danger",
  expired: "neutral",
} as const;

const KIND_LABEL: Record<string, string> = {
  fund: "Wallet funding",
  subscription: "Subscription",
  plan_change: "Plan change",
  api_key: "New API key",
};

/** What the approved request answered, in a sentence. */
function outcomeOf(result: ApprovalData["result"]): string | null {
  if (!result) return null;
  if (result.error) return `Ran and failed (${result.http_status}): ${result.error.message}`;
  const data = (result.data ?? {}) as { message?: unknown; payment?: { next_action_url?: unknown } };
  const next = typeof data.payment?.next_action_url === "string" ? data.payment.next_action_url : null;
  if (result.http_status === 202 && next) return `Ran; the card needs 3-D Secure: ${next}`;
  return typeof data.message === "string"
    ? `Ran (${result.http_status}): ${data.message}`
    : `Ran (${result.http_status}).`;
}

function ApprovalRow({
  approval,
  canDecide,
  focused,
}: {
  approval: ApprovalData;
  canDecide: boolean;
  focused: boolean;
}) {
  const reload = useInvalidate();
  const router = useRouter();
  const ref = useRef<HTMLLIElement>(null);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const settled = async () => {
    await reload(queryKeys.approvals);
    // The nav's badge and the wallet figures are server-rendered.
    router.refresh();
  };
  const approve = useAction(async () => unwrap(await approveAction({ id: approval.id })), {
    onSettled: settled,
  });
  const reject = useAction(async () => unwrap(await rejectAction({ id: approval.id, reason })), {
    onSuccess: () => setRejecting(false),
    onSettled: settled,
  });
  useEffect(() => {
    if (focused) ref.current?.scrollIntoView({ block: "center" });
  }, [focused]);

  function submitReject(event: FormEvent) {
    event.preventDefault();
    reject.mutate();
  }

  const outcome = outcomeOf(approval.result);
  const who = approval.requested_by;
  return (
    <li
      ref={ref}
      className={`py-4 ${focused ? "-mx-2 rounded-md bg-amber-50 px-2" : ""}`}
      data-testid="approval-row"
      data-approval-id={approval.id}
      data-status={approval.status}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <Badge tone={STATUS_TONE[approval.status]}>{approval.status}</Badge>
        <span className="text-xs font-medium uppercase tracking-wide text-slate-600">
          {KIND_LABEL[approval.kind] ?? approval.kind}
        </span>
        <span className="font-medium text-slate-950" data-testid="approval-summary">
          {approval.summary}
        </span>
        {approval.cost ? (
          <span className="ml-auto font-semibold text-slate-950" data-testid="approval-cost">
            {usd(approval.cost.amount)}
          </span>
        ) : null}
      </div>
      <p className="mt-1 text-sm text-slate-700">
        Asked by {who.name || who.email}
        {who.device ? (
          <>
            {" "}
            through the agent <span className="font-medium">“{who.device}”</span>
          </>
        ) : null}{" "}
        · {formatDateTime(approval.created_at)}
        {approval.status === "pending" ? <> · expires {formatDateTime(approval.expires_at)}</> : null}
      </p>
      {approval.reason ? <p className="mt-1 text-sm text-slate-700">Reason: {approval.reason}</p> : null}
      {outcome ? (
        <p className="mt-1 text-sm text-slate-700" data-testid="approval-outcome">
          {outcome}
        </p>
      ) : null}
      {approval.status === "pending" && canDecide ? (
        rejecting ? (
          <form onSubmit={submitReject} className="mt-3 flex flex-wrap items-end gap-2" noValidate>
            <Field
              className="min-w-0 flex-1 basis-64"
              label="Reason for the requester"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={500}
              errors={fieldErrorsOf(reject.error, "reason")}
              autoFocus
            />
            <Button
              type="submit"
              variant="danger"
              size="sm"
              pending={reject.isPending}
              pendingLabel="Rejecting…"
            >
              Reject request
            </Button>
            <Button variant="secondary" size="sm" onClick={() => setRejecting(false)}>
              Cancel
            </Button>
          </form>
        ) : (
          <div className="mt-3 flex flex-wrap gap-2">
            <Button
              size="sm"
              pending={approve.isPending}
              pendingLabel="Approving…"
              onClick={() => approve.mutate()}
            >
              Approve<span className="sr-only"> {approval.summary}</span>
            </Button>
            <Button variant="secondary" size="sm" onClick={() => setRejecting(true)}>
              Reject<span className="sr-only"> {approval.summary}</span>
            </Button>
          </div>
        )
      ) : null}
      {approve.isError ? <Notice tone="error">{approve.error.message}</Notice> : null}
      {reject.isError && !fieldErrorsOf(reject.error, "reason") ? (
        <Notice tone="error">{reject.error.message}</Notice>
      ) : null}
    </li>
  );
}

export function ApprovalsInbox({ focusId }: { focusId: string | null }) {
  const approvals = useApprovals();
  if (approvals.isPending) {
    return (
      <Panel title="Requests" id="approvals">
        <Skeleton className="h-24" />
      </Panel>
    );
  }
  if (approvals.isError) {
    return (
      <Panel title="Requests" id="approvals">
        <Notice tone="error">Could not load the approvals: {approvals.error.message}</Notice>
      </Panel>
    );
  }
  const { items, canDecide } = approvals.data;
  const pending = items.filter((a) => a.status === "pending");
  const decided = items.filter((a) => a.status !== "pending");
  return (
    <div className="space-y-6">
      <Panel
        title="Waiting for a decision"
        id="approvals"
        description={
          canDecide
            ? "Requests your team's members made that the approval policy holds for an owner or admin."
            : "Your requests that wait for an owner or admin of this account."
        }
      >
        {pending.length === 0 ? (
          <EmptyState title="Nothing waits for approval" data-testid="approvals-empty">
            When a member's agent asks for something the approval policy holds, it appears here.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="approvals-pending">
            {pending.map((a) => (
              <ApprovalRow key={a.id} approval={a} canDecide={canDecide} focused={a.id === focusId} />
            ))}
          </ul>
        )}
      </Panel>
      {decided.length > 0 ? (
        <Panel title="Decided" id="approvals-decided">
          <ul className="divide-y divide-slate-100" data-testid="approvals-decided">
            {decided.map((a) => (
              <ApprovalRow key={a.id} approval={a} canDecide={canDecide} focused={a.id === focusId} />
            ))}
          </ul>
        </Panel>
      ) : null}
    </div>
  );
}
