"use client";

import { usd } from "@/components/dashboard/format";
import { useWallet } from "@/components/dashboard/queries";
import { Notice } from "@/components/ui/notice";
import { Skeleton } from "@/components/ui/skeleton";

export function BalanceSummary() {
  const wallet = useWallet();
  if (wallet.isPending) return <Skeleton className="h-24" />;
  if (wallet.isError) return <Notice tone="error">Could not load the balance: {wallet.error.message}</Notice>;
  const w = wallet.data;
  return (
    <dl className="grid gap-3 sm:grid-cols-3">
      <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
        <dt className="text-sm text-slate-600">Balance</dt>
        <dd
          className="mt-1 text-3xl font-semibold tracking-tight text-slate-950"
          data-testid="wallet-balance"
        >
          {usd(w.balance)}
        </dd>
      </div>
      <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
        <dt className="text-sm text-slate-600">Added in total</dt>
        <dd className="mt-1 text-xl font-semibold text-slate-900">{usd(w.total_credited)}</dd>
      </div>
      <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
        <dt className="text-sm text-slate-600">Spent in total</dt>
        <dd className="mt-1 text-xl font-semibold text-slate-900">{usd(w.amount_used)}</dd>
      </div>
    </dl>
  );
}
