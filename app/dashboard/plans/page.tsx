import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { PageHeader } from "@/components/dashboard/page-header";
import { PlansView } from "@/components/dashboard/plans/plans-view";
import { StripeElements } from "@/components/dashboard/stripe/stripe-elements";
import { humanOrRedirect } from "@/lib/actions/session";
import { getDb } from "@/lib/db/client";
import { stripeBrowserConfig } from "@/lib/payments/stripe-browser";
import { queryKeys } from "@/lib/query/keys";
import { loadCards, loadSubscriptions } from "@/lib/query/loaders";
import { prefetch } from "@/lib/query/prefetch";
import { plansCatalogue } from "@/lib/subscriptions/plans";

export const metadata: Metadata = { title: "Plans" };

export default async function PlansPage() {
  const human = await humanOrRedirect();
  const db = await getDb();
  const state = await prefetch([
    { queryKey: queryKeys.subscriptions, load: () => loadSubscriptions(db, human) },
    { queryKey: queryKeys.cards, load: () => loadCards(db, human) },
  ]);
  const { subscription_plans: plans } = plansCatalogue();
  return (
    <HydrationBoundary state={state}>
      <PageHeader
        title="Plans"
        description="A plan includes generation calls every period at a lower price per call. Without one, the wallet pays as you go."
      />
      <StripeElements config={stripeBrowserConfig()}>
        <PlansView plans={plans} />
      </StripeElements>
    </HydrationBoundary>
  );
}
