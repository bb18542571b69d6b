import type { Metadata } from "next";
import { ApprovalsInbox } from "@/components/dashboard/approvals/approvals-inbox";
import { DashboardData } from "@/components/dashboard/data/provider";
import { PageHeader } from "@/components/dashboard/page-header";
import { humanOrRedirect } from "@/lib/actions/session";
import { prefetchResources } from "@/lib/query/page-data";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage({
  searchParams,
}: {
  searchParams: Promise<{ id?: string | string[] }>;
}) {
  const human = await humanOrRedirect();
  const state = await prefetchResources(human, [{ resource: "approvals" }]);
  const { id } = await searchParams;
  return (
    <DashboardData state={state}>
      <PageHeader
        title="Approvals"
        description="What your team's agents asked for that the approval policy holds: approve it to run it on the team's wallet and default card, or reject it with a reason."
      />
      <ApprovalsInbox focusId={typeof id === "string" ? id : null} />
    </DashboardData>
  );
}
