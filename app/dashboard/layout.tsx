import type { Metadata } from "next";
import type { ReactNode } from "react";
import { DashboardNav } from "@/components/dashboard/dashboard-nav";
import { TestModeBanner } from "@/components/dashboard/test-mode-banner";
import { humanOrRedirect } from "@/lib/actions/session";
import { env } from "@/lib/env";
import { loadAccountChoices, loadPendingApprovalCount } from "@/lib/query/page-data";

export const metadata: Metadata = {
  title: { default: "Dashboard", template: "%s · Dashboard · Onramp" },
  robots: { index: false },
};

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const human = await humanOrRedirect();
  const accounts = await loadAccountChoices(human);
  const pendingApprovals = await loadPendingApprovalCount(human);
  return (
    <>
      {env().localMode ? <TestModeBanner /> : null}
      <div className="mx-auto max-w-6xl px-4 py-6 sm:px-6 lg:grid lg:grid-cols-[12rem_minmax(0,1fr)] lg:gap-8 lg:py-8">
        <DashboardNav
          name={human.name}
          email={human.email}
          accounts={accounts}
          currentAccountId={human.accountId}
          badges={{ "/dashboard/approvals": pendingApprovals }}
        />
        <div className="mt-4 min-w-0 lg:mt-0">{children}</div>
      </div>
    </>
  );
}
