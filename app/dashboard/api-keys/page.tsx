import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { CreateKeyPanel } from "@/components/dashboard/keys/create-key-panel";
import { KeysPanel } from "@/components/dashboard/keys/keys-panel";
import { PageHeader } from "@/components/dashboard/page-header";
import { humanOrRedirect } from "@/lib/actions/session";
import { getDb } from "@/lib/db/client";
import { queryKeys } from "@/lib/query/keys";
import { loadApiKeys } from "@/lib/query/loaders";
import { prefetch } from "@/lib/query/prefetch";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const human = await humanOrRedirect();
  const db = await getDb();
  const state = await prefetch([{ queryKey: queryKeys.apiKeys, load: () => loadApiKeys(db, human) }]);
  return (
    <HydrationBoundary state={state}>
      <PageHeader
        title="API keys"
        description="Keys for the generation API. Each call is charged to this account's plan or wallet."
      />
      <div className="space-y-6">
        <CreateKeyPanel />
        <KeysPanel />
      </div>
    </HydrationBoundary>
  );
}
