import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { PageHeader } from "@/components/dashboard/page-header";
import { StripeElements } from "@/components/dashboard/stripe/stripe-elements";
import { AutoRechargePanel } from "@/components/dashboard/wallet/auto-recharge-panel";
import { BalanceSummary } from "@/components/dashboard/wallet/balance-summary";
import { FundPanel } from "@/components/dashboard/wallet/fund-panel";
import { LowBalancePanel } from "@/components/dashboard/wallet/low-balance-panel";
import { PaymentAttemptsPanel } from "@/components/dashboard/wallet/payment-attempts-panel";
import { TransactionsPanel } from "@/components/dashboard/wallet/transactions-panel";
import { humanOrRedirect } from "@/lib/actions/session";
import { getDb } from "@/lib/db/client";
import { stripeBrowserConfig } from "@/lib/payments/stripe-browser";
import { DEFAULT_TRANSACTIONS, queryKeys } from "@/lib/query/keys";
import { loadCards, loadPaymentAttempts, loadTransactions, loadWallet } from "@/lib/query/loaders";
import { prefetch } from "@/lib/query/prefetch";

export const metadata: Metadata = { title: "Wallet" };

export default async function WalletPage() {
  const human = await humanOrRedirect();
  const db = await getDb();
  const state = await prefetch([
    { queryKey: queryKeys.wallet, load: () => loadWallet(db, human) },
    { queryKey: queryKeys.cards, load: () => loadCards(db, human) },
    { queryKey: queryKeys.paymentAttempts, load: () => loadPaymentAttempts(db, human) },
    {
      queryKey: queryKeys.transactions(DEFAULT_TRANSACTIONS),
      load: () => loadTransactions(db, human, DEFAULT_TRANSACTIONS),
    },
  ]);
  return (
    <HydrationBoundary state={state}>
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
    </HydrationBoundary>
  );
}
