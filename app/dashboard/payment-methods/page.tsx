import type { Metadata } from "next";
import { AddCardForm } from "@/components/dashboard/cards/add-card-form";
import { CardsPanel } from "@/components/dashboard/cards/cards-panel";
import { DashboardData } from "@/components/dashboard/data/provider";
import { PageHeader } from "@/components/dashboard/page-header";
import { StripeElements } from "@/components/dashboard/stripe/stripe-elements";
import { humanOrRedirect } from "@/lib/actions/session";
import { stripeBrowserConfig } from "@/lib/payments/stripe-browser";
import { prefetchResources } from "@/lib/query/page-data";

export const metadata: Metadata = { title: "Payment methods" };

export default async function PaymentMethodsPage() {
  const human = await humanOrRedirect();
  const state = await prefetchResources(human, [{ resource: "cards" }]);
  return (
    <DashboardData state={state}>
      <PageHeader
        title="Payment methods"
        description="Cards on this account. The default card pays for auto-recharge, subscriptions and agents' top-ups."
      />
      <div className="space-y-6">
        <CardsPanel />
        <StripeElements config={stripeBrowserConfig()}>
          <AddCardForm />
        </StripeElements>
      </div>
    </DashboardData>
  );
}
