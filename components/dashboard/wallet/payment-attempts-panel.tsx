"use client";

import { formatDateTime, usd } from "@/components/dashboard/format";
import { usePaymentAttempts } from "@/components/dashboard/queries";
import { Badge } from "@/components/ui/badge";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";

const STATUS: Record<string, { label: string; tone: "success" | "warning" | "danger" | "neutral" }> = {
  succeeded: { label: "Succeeded", tone: "success" },
  requires_action: { label: "Needs authentication", tone: "warning" },
  processing: { label: "Processing", tone: "neutral" },
  failed: { label: "Failed", tone: "danger" },
  canceled: { label: "Canceled", tone: "neutral" },
};

/** Card payments, including those that moved no money (declined, waiting for 3-D Secure). */
export function PaymentAttemptsPanel() {
  const attempts = usePaymentAttempts();
  if (attempts.isError)
    return <Notice tone="error">Could not load payment attempts: {attempts.error.message}</Notice>;
  const rows = attempts.data ?? [];
  if (rows.length === 0) return null;
  return (
    <Panel
      title="Recent card payments"
      description="Every card payment, including declined ones and those waiting for 3-D Secure, which moved no money."
      id="payments"
    >
      <ul className="divide-y divide-slate-100 text-sm" data-testid="payment-attempts">
        {rows.map((p) => {
          const status = STATUS[p.status] ?? { label: p.status, tone: "neutral" as const };
          return (
            <li key={p.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
              <span className="font-medium tabular-nums text-slate-900">{usd(p.amount)}</span>
              <Badge tone={status.tone}>{status.label}</Badge>
              <span className="text-slate-600">{formatDateTime(p.created_at)}</span>
              {p.failure_message ? (
                <span className="basis-full text-slate-700">{p.failure_message}</span>
              ) : null}
              {p.next_action_url ? (
                <a href={p.next_action_url} className="font-medium text-brand-700 underline">
                  Authenticate
                </a>
              ) : null}
            </li>
          );
        })}
      </ul>
    </Panel>
  );
}
