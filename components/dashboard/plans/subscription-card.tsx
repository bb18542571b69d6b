"use client";

import { useAction } from "@/components/dashboard/data/use-action";
import { useInvalidate } from "@/components/dashboard/data/use-resource";
import { attemptId, formatDate } from "@/components/dashboard/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Notice } from "@/components/ui/notice";
import {
  cancelSubscriptionAction,
  pauseSubscriptionAction,
  resumeSubscriptionAction,
} from "@/lib/actions/plan-actions";
import { formatUsd } from "@/lib/money";
import { queryKeys } from "@/lib/query/keys";
import type { SubscriptionData } from "@/lib/query/loaders";
import { unwrap } from "@/lib/query/unwrap";

const STATUS: Record<string, { label: string; tone: "success" | "warning" | "danger" | "neutral" }> = {
  active: { label: "Active", tone: "success" },
  trialing: { label: "Trial", tone: "success" },
  paused: { label: "Paused", tone: "warning" },
  past_due: { label: "Payment failed", tone: "danger" },
  unpaid: { label: "Unpaid", tone: "danger" },
  incomplete: { label: "Awaiting payment", tone: "warning" },
  canceled: { label: "Canceled", tone: "neutral" },
};

export function isLive(s: SubscriptionData) {
  return !["canceled", "incomplete_expired"].includes(s.status);
}

/** One subscription: its plan, usage this period, and what can be done with it now. */
export function SubscriptionCard({ subscription: s }: { subscription: SubscriptionData }) {
  const reload = useInvalidate();
  const act = useAction(
    async (what: "pause" | "resume" | "cancel") => {
      const input = { subscription_id: s.id, attempt_id: attemptId() };
      const action =
        what === "pause"
          ? pauseSubscriptionAction
          : what === "resume"
            ? resumeSubscriptionAction
            : cancelSubscriptionAction;
      return unwrap(await action(input));
    },
    { onSettled: () => reload(queryKeys.subscriptions) },
  );
  const status = STATUS[s.status] ?? { label: s.status, tone: "neutral" as const };
  const used = s.callsUsed;
  const limit = s.callLimit;
  const period = s.plan?.period === "yearly" ? "year" : "month";
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs" data-testid="subscription">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="text-lg font-semibold text-slate-950" data-testid="subscription-plan">
          {s.plan?.name ?? `Plan ${s.planId}`}
        </h3>
        {s.plan ? (
          <span className="text-sm text-slate-700">
            {formatUsd(s.plan.priceMinor)}/{period}
          </span>
        ) : null}
        <Badge tone={status.tone}>{status.label}</Badge>
        {s.cancelAtPeriodEnd ? <Badge tone="warning">Cancels {formatDate(s.currentPeriodEnd)}</Badge> : null}
      </div>
      <p className="mt-2 text-sm text-slate-700">
        {used.toLocaleString("en-US")} of {limit.toLocaleString("en-US")} generation calls used this period
        {s.currentPeriodEnd
          ? ` · ${s.cancelAtPeriodEnd ? "ends" : "renews"} ${formatDate(s.currentPeriodEnd)}`
          : ""}
        .
      </p>
      <div className="mt-2 h-2 overflow-hidden rounded-full bg-slate-200" aria-hidden="true">
        <div
          className="h-full rounded-full bg-brand-600"
          style={{ width: `${Math.min(100, Math.round((used / Math.max(1, limit)) * 100))}%` }}
        />
      </div>
      <div className="mt-4 flex flex-wrap gap-2">
        {s.status === "active" && !s.cancelAtPeriodEnd ? (
          <Button
            variant="secondary"
            size="sm"
            pending={act.isPending && act.variables === "pause"}
            onClick={() => act.mutate("pause")}
          >
            Pause
          </Button>
        ) : null}
        {s.status === "paused" || s.cancelAtPeriodEnd ? (
          <Button
            variant="secondary"
            size="sm"
            pending={act.isPending && act.variables === "resume"}
            onClick={() => act.mutate("resume")}
            data-testid="subscription-resume"
          >
            {s.cancelAtPeriodEnd ? "Keep the plan" : "Resume"}
          </Button>
        ) : null}
        {!s.cancelAtPeriodEnd ? (
          <ConfirmButton
            variant="ghost"
            size="sm"
            question={`Cancel at the end of the period (${formatDate(s.currentPeriodEnd)})?`}
            confirmLabel="Cancel plan"
            pending={act.isPending && act.variables === "cancel"}
            onConfirm={() =>
              act.mutateAsync("cancel").then(
                () => undefined,
                () => undefined,
              )
            }
            data-testid="subscription-cancel"
          >
            Cancel plan
          </ConfirmButton>
        ) : null}
      </div>
      {act.isSuccess ? (
        <Notice tone="success" className="mt-3" data-testid="subscription-result">
          {act.data.message}
        </Notice>
      ) : null}
      {act.isError ? (
        <Notice tone="error" className="mt-3">
          {act.error.message}
        </Notice>
      ) : null}
    </div>
  );
}
