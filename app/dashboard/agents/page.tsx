import type { Metadata } from "next";
import { TokensPanel } from "@/components/dashboard/agents/tokens-panel";
import { DashboardData } from "@/components/dashboard/data/provider";
import { PageHeader } from "@/components/dashboard/page-header";
import { humanOrRedirect } from "@/lib/actions/session";
import { prefetchResources } from "@/lib/query/page-data";

export const metadata: Metadata = { title: "Agents and tokens" };

export default async function AgentsPage() {
  const human = await humanOrRedirect();
  const state = await prefetchResources(human, [{ resource: "tokens" }]);
  return (
    <DashboardData state={state}>
      <PageHeader
        title="Agents and tokens"
        description="Each agent signed in to your account holds an access token. Revoke any you do not recognise."
      />
      <TokensPanel />
    </DashboardData>
  );
}
