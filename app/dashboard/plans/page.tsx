import type { Metadata } from "next";
import { DashboardData } from "@/components/dashboard/data/provider";
import { PageHeader } from "@/components/dashboard/page-header";
import { PlansView } from "@/components/dashboard/plans/plans-view";
import { humanOrRedirect } from "@/lib/actions/session";
import { stripeBrowserConfig } from "@/lib/payments/stripe-browser";
import { prefetchResources } from "@/lib/query/page-data";
import { plansOnSale } from "@/lib/subscriptions/plans";

export const metadata: Metadata = { title: "Plans" };

export default async function PlansPage() {
  const human = await humanOrRedirect();
  const state = await prefetchResources(human, [{ resource: "subscriptions" }, { resource: "cards" }]);
  return (
    <DashboardData state={state}>
      <PageHeader
        title="Plans"
        description="A plan includes generation calls every period at a lower price per call. Without one, the wallet pays as you go."
      />
      <PlansView plans={plansOnSale()} stripeConfig={stripeBrowserConfig()} />
    </DashboardData>
  );
}
