import type { Metadata } from "next";
import Link from "next/link";
import { BalanceChart } from "@/components/dashboard/charts/balance-chart";
import { SpendChart } from "@/components/dashboard/charts/spend-chart";
import { formatDate, formatDateTime, signedMinor } from "@/components/dashboard/format";
import { PageHeader } from "@/components/dashboard/page-header";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { UsageChart } from "@/components/usage/usage-chart";
import { humanOrRedirect } from "@/lib/actions/session";
import { formatUsd } from "@/lib/money";
import { loadOverview } from "@/lib/query/overview";

export const metadata: Metadata = { title: "Overview" };

const DAYS = 30;

export default async function OverviewPage() {
  const human = await humanOrRedirect();
  const { wallet, activity, recent, alerts, quota, usage } = await loadOverview(human, { days: DAYS });
  const spent = activity.reduce((sum, p) => sum + p.spentMinor, 0);

  return (
    <>
      <PageHeader
        title={`Hello, ${human.name}`}
        description="Your wallet, spending and plan at a glance."
        actions={
          <Link href="/dashboard/wallet" className={buttonClass("primary")}>
            Add money
          </Link>
        }
      />

      {alerts.length ? (
        <section aria-label="Alerts" className="mb-6 space-y-2" data-testid="alerts">
          {alerts.map((a) => (
            <Notice
              key={a.id}
              tone={a.tone === "danger" ? "error" : a.tone}
              title={a.title}
              data-testid={`alert-${a.id.split("-")[0]}`}
            >
              {a.text}{" "}
              {a.action ? (
                <a href={a.action.href} className="font-medium underline">
                  {a.action.label}
                </a>
              ) : null}
            </Notice>
          ))}
        </section>
      ) : null}

      <dl className="grid gap-3 sm:grid-cols-3">
        <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
          <dt className="text-sm text-slate-600">Balance</dt>
          <dd
            className="mt-1 text-3xl font-semibold tracking-tight text-slate-950"
            data-testid="overview-balance"
          >
            {formatUsd(wallet.balanceMinor)}
          </dd>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
          <dt className="text-sm text-slate-600">Spent, last {DAYS} days</dt>
          <dd className="mt-1 text-xl font-semibold text-slate-900">{formatUsd(spent)}</dd>
        </div>
        <div
          className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs"
          data-testid="overview-plan"
        >
          <dt className="text-sm text-slate-600">Plan</dt>
          {quota ? (
            <dd className="mt-1">
              <span className="text-xl font-semibold text-slate-900">{quota.planName}</span>
              <span className="mt-1 block text-sm text-slate-700">
                {quota.used} of {quota.limit} calls used · renews {formatDate(quota.periodEnd.toISOString())}
              </span>
              <span className="mt-2 block h-2 overflow-hidden rounded-full bg-slate-200" aria-hidden="true">
                <span
                  className="block h-full rounded-full bg-brand-600"
                  style={{
                    width: `${Math.min(100, Math.round((quota.used / Math.max(1, quota.limit)) * 100))}%`,
                  }}
                />
              </span>
            </dd>
          ) : (
            <dd className="mt-1 text-sm text-slate-700">
              Pay as you go from the wallet.{" "}
              <Link href="/dashboard/plans" className="font-medium text-brand-700 underline">
                Compare plans
              </Link>
            </dd>
          )}
        </div>
      </dl>

      <div className="mt-6 grid gap-6 xl:grid-cols-2">
        <Panel title="Balance over time" id="balance-history">
          <BalanceChart points={activity} />
        </Panel>
        <Panel title="Spending" id="spending">
          <SpendChart points={activity} />
        </Panel>
      </div>

      <div className="mt-6">
        <UsageChart days={usage} metric="requests" title="Generation requests per day" />
      </div>

      <Panel
        className="mt-6"
        title="Recent transactions"
        id="recent"
        actions={
          <Link href="/dashboard/wallet#transactions" className={buttonClass("secondary", "sm")}>
            All transactions
          </Link>
        }
      >
        {recent.entries.length === 0 ? (
          <EmptyState title="No transactions yet">
            Fund the wallet and let an agent generate: every movement shows up here.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm" data-testid="recent-transactions">
            {recent.entries.map((e) => (
              <li key={e.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2">
                <span className="min-w-0">
                  <span className="text-slate-900">{e.description}</span>
                  <span className="block text-xs text-slate-600">
                    {formatDateTime(e.createdAt.toISOString())}
                  </span>
                </span>
                <span
                  className={`font-medium tabular-nums ${e.amountMinor < 0 ? "text-slate-900" : "text-emerald-800"}`}
                >
                  {signedMinor(e.amountMinor)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </>
  );
}
