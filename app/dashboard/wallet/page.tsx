import type { Metadata } from "next";
import { DashboardData } from "@/components/dashboard/data/provider";
import { PageHeader } from "@/components/dashboard/page-header";
import { StripeElements } from "@/components/dashboard/stripe/stripe-elements";
import { AutoRechargePanel } from "@/components/dashboard/wallet/auto-recharge-panel";
import { BalanceSummary } from "@/components/dashboard/wallet/balance-summary";
import { FundPanel } from "@/components/dashboard/wallet/fund-panel";
import { LowBalancePanel } from "@/components/dashboard/wallet/low-balance-panel";
import { PaymentAttemptsPanel } from "@/components/dashboard/wallet/payment-attempts-panel";
import { TransactionsPanel } from "@/components/dashboard/wallet/transactions-panel";
import { humanOrRedirect } from "@/lib/actions/session";
import { stripeBrowserConfig } from "@/lib/payments/stripe-browser";
import { DEFAULT_TRANSACTIONS } from "@/lib/query/keys";
import { prefetchResources } from "@/lib/query/page-data";

export const metadata: Metadata = { title: "Wallet" };

export default async function WalletPage() {
  const human = await humanOrRedirect();
  const state = await prefetchResources(human, [
    { resource: "wallet" },
    { resource: "cards" },
    { resource: "payment-attempts" },
    { resource: "transactions", params: DEFAULT_TRANSACTIONS },
  ]);
  return (
    <DashboardData state={state}>
      <PageHeader
        title="Wallet"
        description="The prepaid balance your agents spend on generation. Add money with a card; every movement is listed below."
      />
      <div className="space-y-6">
        <BalanceSummary />
        <StripeElements config={stripeBrowserConfig()}>
          <FundPanel />
        </StripeElements>
        <PaymentAttemptsPanel />
        <TransactionsPanel />
        <div className="grid gap-6 xl:grid-cols-2">
          <AutoRechargePanel />
          <LowBalancePanel />
        </div>
      </div>
    </DashboardData>
  );
}
