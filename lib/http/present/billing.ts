/** GET /billing/overview: the wallet, cards and payment activity in the API's shapes. */
import type { BillingOverview } from "@/lib/billing/overview";
import { minorToUsd } from "@/lib/money";
import { autoFundingOf } from "@/lib/wallet/auto-funding";
import { presentCard } from "./payments";
import { presentSubscription } from "./subscriptions";
import { presentAutoFunding, presentWalletSummary } from "./wallet";

export function presentBillingOverview(overview: BillingOverview) {
  const wallet = presentWalletSummary(overview.wallet);
  const subscriptions = overview.subscriptions.map(presentSubscription);
  return {
    wallet_balance: wallet.balance,
    wallet,
    auto_funding: presentAutoFunding(autoFundingOf(overview.wallet)),
    payment_methods: overview.cards.map(presentCard),
    default_payment_method: overview.cards.find((c) => c.isDefault)?.id ?? null,
    pending_payments: overview.paymentsAwaitingAction,
    subscriptions,
    invoice_count: overview.invoiceCount,
    // The official CLI's summary fields: the first live subscription, and the wallet's totals in USD.
    active_subscription:
      subscriptions.find((s) => ["active", "trialing", "past_due"].includes(s.status)) ?? null,
    total_deposits: minorToUsd(overview.depositedMinor),
    total_charges: minorToUsd(overview.chargedMinor),
  };
}
