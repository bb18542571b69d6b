import type { Metadata } from "next";
import { DashboardData } from "@/components/dashboard/data/provider";
import { PageHeader } from "@/components/dashboard/page-header";
import { InvitationsForYouPanel, InvitePanel, MembersPanel } from "@/components/dashboard/team/team-panels";
import { humanOrRedirect } from "@/lib/actions/session";
import { prefetchResources } from "@/lib/query/page-data";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage() {
  const human = await humanOrRedirect();
  const state = await prefetchResources(human, [{ resource: "team" }]);
  return (
    <DashboardData state={state}>
      <PageHeader
        title="Team"
        description="Everyone here acts on this account's wallet, cards, subscriptions and keys, as far as their role allows."
      />
      <div className="space-y-6">
        <InvitationsForYouPanel />
        <InvitePanel />
        <MembersPanel />
      </div>
    </DashboardData>
  );
}
