import type { Metadata } from "next";
import { DashboardData } from "@/components/dashboard/data/provider";
import { CreateKeyPanel } from "@/components/dashboard/keys/create-key-panel";
import { KeysPanel } from "@/components/dashboard/keys/keys-panel";
import { PageHeader } from "@/components/dashboard/page-header";
import { humanOrRedirect } from "@/lib/actions/session";
import { prefetchResources } from "@/lib/query/page-data";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const human = await humanOrRedirect();
  const state = await prefetchResources(human, [{ resource: "api-keys" }]);
  return (
    <DashboardData state={state}>
      <PageHeader
        title="API keys"
        description="Keys for the generation API. Each call is charged to this account's plan or wallet."
      />
      <div className="space-y-6">
        <CreateKeyPanel />
        <KeysPanel />
      </div>
    </DashboardData>
  );
}
