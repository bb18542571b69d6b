"use client";

import { useId, useState } from "react";
import { formatDateTime, signedUsd, usd } from "@/components/dashboard/format";
import { useTransactions } from "@/components/dashboard/queries";
import { Button, buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { Skeleton } from "@/components/ui/skeleton";
import { DEFAULT_TRANSACTIONS, type TransactionsParams } from "@/lib/query/keys";

const KIND_LABEL: Record<string, string> = {
  fund: "Card payment",
  checkout_fund: "Checkout payment",
  auto_fund: "Auto-recharge",
  usage: "Generation",
  usage_refund: "Generation refund",
  coupon: "Coupon",
  refund: "Refund to card",
  refund_failed: "Refund failed, credited back",
  dispute: "Disputed payment",
  dispute_release: "Dispute released",
  withdrawal: "Withdrawal",
  adjustment: "Adjustment",
};

/** Money that moved, newest first: filter by direction, page through, export the lot as CSV. */
export function TransactionsPanel() {
  const filterId = useId();
  const [params, setParams] = useState<TransactionsParams>(DEFAULT_TRANSACTIONS);
  const query = useTransactions(params);
  const data = query.data;
  const csvHref = `/dashboard/wallet/transactions.csv${params.type ? `?type=${params.type}` : ""}`;

  return (
    <Panel
      title="Transactions"
      id="transactions"
      actions={
        <a href={csvHref} download className={buttonClass("secondary", "sm")} data-testid="transactions-csv">
          Export CSV
        </a>
      }
    >
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <label htmlFor={filterId} className="text-sm font-medium text-slate-800">
          Show
        </label>
        <select
          id={filterId}
          value={params.type ?? ""}
          onChange={(e) =>
            setParams({
              ...params,
              offset: 0,
              type: (e.target.value || undefined) as TransactionsParams["type"],
            })
          }
          className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
          data-testid="transactions-type"
        >
          <option value="">All</option>
          <option value="credit">Money in</option>
          <option value="debit">Money out</option>
        </select>
      </div>
      {query.isPending ? (
        <div className="space-y-2">
          <Skeleton className="h-8" />
          <Skeleton className="h-8" />
          <Skeleton className="h-8" />
        </div>
      ) : query.isError ? (
        <Notice tone="error">Could not load the transactions: {query.error.message}</Notice>
      ) : data && data.items.length === 0 ? (
        <EmptyState title="No transactions yet" data-testid="transactions-empty">
          {params.type
            ? "None of this kind. Try “All”."
            : "Add money above; payments and generation charges show up here."}
        </EmptyState>
      ) : data ? (
        <>
          <div className="-mx-4 overflow-x-auto sm:mx-0">
            <table className="w-full min-w-[20rem] text-left text-sm" data-testid="transactions-table">
              <caption className="sr-only">Wallet transactions, newest first</caption>
              <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600">
                <tr>
                  <th scope="col" className="hidden px-2 py-2 font-medium sm:table-cell">
                    Date
                  </th>
                  <th scope="col" className="px-4 py-2 font-medium sm:px-2">
                    Description
                  </th>
                  <th scope="col" className="px-2 py-2 text-right font-medium">
                    Amount
                  </th>
                  <th scope="col" className="hidden px-2 py-2 text-right font-medium sm:table-cell">
                    Balance
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.items.map((t) => (
                  <tr key={t.id} data-testid="transaction-row">
                    <td className="whitespace-nowrap px-4 py-2 text-slate-700 sm:px-2">
                      {formatDateTime(t.created_at)}
                    </td>
                    <td className="px-2 py-2">
                      <span className="text-slate-900">{KIND_LABEL[t.kind] ?? t.description}</span>
                      <span className="block text-xs text-slate-600 sm:hidden">
                        {formatDateTime(t.created_at)}
                      </span>
                      <span className="block text-xs text-slate-600">
                        {t.description}
                        {t.actor !== "system" ? ` · by ${t.actor === "human" ? "you" : "an agent"}` : ""}
                      </span>
                    </td>
                    <td
                      className={`whitespace-nowrap px-4 py-2 text-right font-medium tabular-nums sm:px-2 ${t.type === "debit" ? "text-slate-900" : "text-emerald-800"}`}
                    >
                      {signedUsd(t.amount, t.type)}
                    </td>
                    <td className="hidden whitespace-nowrap px-2 py-2 text-right tabular-nums text-slate-700 sm:table-cell">
                      {usd(t.balance_after)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="mt-3 flex flex-wrap items-center justify-between gap-2 text-sm text-slate-700">
            <p aria-live="polite">
              {data.offset + 1}–{data.offset + data.items.length} of {data.total}
            </p>
            <div className="flex gap-2">
              <Button
                variant="secondary"
                size="sm"
                disabled={data.offset === 0 || query.isFetching}
                onClick={() => setParams({ ...params, offset: Math.max(0, params.offset - params.limit) })}
              >
                Previous
              </Button>
              <Button
                variant="secondary"
                size="sm"
                disabled={data.offset + data.items.length >= data.total || query.isFetching}
                onClick={() => setParams({ ...params, offset: params.offset + params.limit })}
              >
                Next
              </Button>
            </div>
          </div>
        </>
      ) : null}
    </Panel>
  );
}
