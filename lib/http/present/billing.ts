/** GET /billing/overview: the wallet, cards and payment activity in the API's shapes. */
import type { BillingOverview } from "@/lib/billing/overview";
import { autoFundingOf } from "@/lib/wallet/auto-funding";
import { presentCard } from "./payments";
import { presentSubscription } from "./subscriptions";
import { presentAutoFunding, presentWalletSummary } from "./wallet";

export function presentBillingOverview(overview: BillingOverview) {
  const wallet = presentWalletSummary(overview.wallet);
  return {
    wallet_balance: wallet.balance,
    wallet,
    auto_funding: presentAutoFunding(autoFundingOf(overview.wallet)),
    payment_methods: overview.cards.map(presentCard),
    default_payment_method: overview.cards.find((c) => c.isDefault)?.id ?? null,
    pending_payments: overview.paymentsAwaitingAction,
    subscriptions: overview.subscriptions.map(presentSubscription),
    invoice_count: overview.invoiceCount,
  };
}
