/**
 * The subscription API's wire shapes: the contract's snake_case fields, USD decimals, ISO dates,
 * and the sentences that tell an agent what to do next. The domain (lib/subscriptions) answers in
 * typed outcomes and cents; only these functions turn them into what agents read.
 */
import type { CheckoutLink } from "@/lib/checkout/links";
import { env } from "@/lib/env";
import { formatUsd, minorToUsd } from "@/lib/money";
import type { PlanChange } from "@/lib/subscriptions/change-plan";
import type { PaidModelChargeAmount } from "@/lib/subscriptions/charge-amount";
import type { ConfirmedCheckout } from "@/lib/subscriptions/checkout";
import type { SubscribeOutcome } from "@/lib/subscriptions/create-subscription";
import type { FixedPayment } from "@/lib/subscriptions/fix-payment";
import type { Canceled, CycleReset, Paused, Resumed } from "@/lib/subscriptions/lifecycle";
import type { ChangeSettlement, InvoiceBrief } from "@/lib/subscriptions/mutation";
import { findPlan, type Plan } from "@/lib/subscriptions/plans";
import { subscriptionStatusOf } from "@/lib/subscriptions/state";
import type { SubscriptionRow } from "@/lib/subscriptions/sync";
import { type Reply, reply } from "../replies";
import { linkStatusUrl } from "./checkout";
import { presentPendingPayment } from "./payments";

const API = "/api/agents/v1";
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** `$9.00/month`: a plan's price and period, for a sentence. */
export const perPeriod = (plan: Plan) =>
  `${formatUsd(plan.priceMinor)}/${plan.period === "yearly" ? "year" : "month"}`;

/** When the next renewal is charged: the period's end, unless nothing will renew (canceled, paused, scheduled to end). */
function nextBillingDate(row: SubscriptionRow, status: string): string | null {
  const renews =
    ["active", "trialing", "past_due"].includes(status) && !row.cancelAtPeriodEnd && !row.cancelAt;
  return renews ? iso(row.currentPeriodEnd) : null;
}

export function presentSubscription(row: SubscriptionRow) {
  const plan = findPlan(row.planId);
  const remaining = Math.max(0, row.quotaLimit - row.quotaUsed);
  const status = subscriptionStatusOf(row);
  return {
    id: row.id,
    plan_id: row.planId,
    // The official CLI reads these three flat fields rather than `plan` and the period.
    plan_name: plan?.name ?? null,
    amount: plan ? minorToUsd(plan.priceMinor) : null,
    next_billing_date: nextBillingDate(row, status),
    feature: row.category,
    category: row.category,
    plan: plan
      ? {
          id: plan.id,
          name: plan.name,
          period: plan.period,
          type: plan.type,
          price: minorToUsd(plan.priceMinor),
          currency: "USD",
        }
      : null,
    status,
    stripe_status: row.status,
    stripe_subscription_id: row.stripeSubscriptionId,
    current_period_start: iso(row.currentPeriodStart),
    current_period_end: iso(row.currentPeriodEnd),
    cancel_at_period_end: row.cancelAtPeriodEnd,
    cancel_at: iso(row.cancelAt),
    canceled_at: iso(row.canceledAt),
    ended_at: iso(row.endedAt),
    paused_at: iso(row.pausedAt),
    usage: {
      api_call_limit: row.quotaLimit,
      api_calls_used: row.quotaUsed,
      api_calls_remaining: remaining,
      period_start: iso(row.quotaPeriodStart),
      period_end: iso(row.currentPeriodEnd),
    },
    default_payment_method: row.defaultPaymentMethodId,
    latest_invoice_id: row.latestInvoiceId,
    created_at: iso(row.createdAt),
  };
}

export type SubscriptionView = ReturnType<typeof presentSubscription>;

export function presentPlan(plan: Plan) {
  return {
    id: plan.id,
    name: plan.name,
    category: plan.category,
    period: plan.period,
    type: plan.type,
    price: minorToUsd(plan.priceMinor),
    currency: "USD",
    api_call_limit: plan.apiCallLimit,
    rate_limit: plan.rateLimit,
    rate_limit_unit: "requests_per_minute",
    description: plan.description,
    features: plan.features,
  };
}

/** `GET /subscriptions/plans`: the plans on sale, and how to pay as you go instead. */
export function presentPlansCatalogue(plans: Plan[]) {
  return {
    subscription_plans: plans.map(presentPlan),
    pay_as_you_go: {
      available: true,
      description:
        "No subscription needed: fund the prepaid wallet and each generation request is paid from it. Subscribers fall back to the wallet when the plan's calls for the period are used up.",
      minimum_topup_usd: env().fund.minUsd,
      maximum_topup_usd: env().fund.maxUsd,
      currency: "USD",
      auto_payments: {
        supported: true,
        description:
          "Top the wallet up automatically from the default card when the balance drops below a threshold.",
        configure_endpoint: `PUT ${API}/wallet/auto-funding`,
        disable_endpoint: `DELETE ${API}/wallet/auto-funding`,
      },
      fund_endpoint: `POST ${API}/wallet/fund`,
    },
    count: plans.length,
  };
}

export function presentInvoiceBrief(invoice: InvoiceBrief) {
  return {
    id: invoice.id,
    status: invoice.status,
    billing_reason: invoice.billingReason,
    total: minorToUsd(invoice.totalMinor),
    amount_due: minorToUsd(invoice.amountDueMinor),
    amount_paid: minorToUsd(invoice.amountPaidMinor),
    currency: invoice.currency,
  };
}

/** `POST /subscriptions` with a card: 201 active, or 202 with the page a human authenticates on. */
export function presentSubscribe(outcome: SubscribeOutcome): Reply {
  const { plan, subscription } = outcome;
  const view = presentSubscription(subscription);
  if (outcome.kind === "requires_action") {
    const payment = presentPendingPayment(outcome.payment);
    return reply(
      {
        status: "requires_action",
        payment,
        subscription: view,
        stripe_subscription_id: subscription.stripeSubscriptionId,
        message: `Additional authentication is required. Ask a human to open ${payment.next_action_url} to authenticate the first payment of ${plan.name} (${perPeriod(plan)}), then poll GET ${API}/subscriptions/${subscription.id}/status until it is active.`,
      },
      202,
    );
  }
  return reply(
    {
      message: `Subscribed to ${plan.name} (${perPeriod(plan)}). ${plan.apiCallLimit.toLocaleString("en-US")} generation calls are included per period.`,
      subscription: view,
      stripe_subscription_id: subscription.stripeSubscriptionId,
      status: view.status,
      payment: {
        status: "succeeded",
        payment_intent_id: outcome.paymentIntentId,
        invoice_id: outcome.invoiceId,
      },
    },
    201,
  );
}

/** `POST /subscriptions` without a card: the Checkout page a human pays on. */
export function presentSubscriptionCheckout({ plan, link }: { plan: Plan; link: CheckoutLink }) {
  return {
    status: "requires_checkout",
    checkout_url: link.url,
    payment_url: link.url,
    session_id: link.sessionId,
    status_url: linkStatusUrl(link),
    plan_id: plan.id,
    plan: presentPlan(plan),
    expires_at: link.expiresAt.toISOString(),
    message: `No payment_method_id was given: a human can open checkout_url to subscribe to ${plan.name} (${perPeriod(plan)}). Then call POST ${API}/subscriptions/confirm-checkout with {"session_id":"${link.sessionId}"}.`,
  };
}

/** A change whose invoice waits for 3-D Secure answers 202 with the page to open; otherwise 200. */
function settled(
  body: { message: string } & Record<string, unknown>,
  settlement: ChangeSettlement,
  subscriptionId: number,
): Reply {
  if (settlement.kind === "requires_action") {
    const payment = presentPendingPayment(settlement.payment);
    return reply(
      {
        ...body,
        status: "requires_action",
        payment,
        message: `${body.message} The charge needs authentication: ask a human to open ${payment.next_action_url}, then poll GET ${API}/subscriptions/${subscriptionId}/status.`,
      },
      202,
    );
  }
  return reply(body, 200);
}

/** `PUT /subscriptions/{id}`. */
export function presentPlanChange(change: PlanChange): Reply {
  const { invoice, plan } = change;
  const credit = invoice && invoice.totalMinor < 0 ? minorToUsd(-invoice.totalMinor) : 0;
  const body = {
    message:
      `Changed from ${change.previousPlan?.name ?? `plan ${change.previousPlanId}`} to ${plan.name} (${perPeriod(plan)}).` +
      (invoice
        ? credit
          ? ` The unused time was credited (${credit} USD) against future invoices.`
          : ` The prorated difference was invoiced now (${minorToUsd(invoice.amountDueMinor)} USD).`
        : ""),
    subscription: presentSubscription(change.subscription),
    previous_plan_id: change.previousPlanId,
    proration: invoice ? { ...presentInvoiceBrief(invoice), credited: credit } : null,
  };
  return settled(body, change, change.subscription.id);
}

/** `POST /subscriptions/{id}/reset-cycle`. */
export function presentCycleReset(reset: CycleReset): Reply {
  const body = {
    message:
      "The billing cycle restarted now: the unused time was credited, the new period was invoiced and the plan's calls were reset.",
    subscription: presentSubscription(reset.subscription),
    invoice: reset.invoice ? presentInvoiceBrief(reset.invoice) : null,
  };
  return settled(body, reset, reset.subscription.id);
}

/** `POST /subscriptions/{id}/pause`. */
export function presentPaused(paused: Paused) {
  return {
    message: "Paused: renewals are not charged and the plan's calls are unavailable until you resume it.",
    subscription: presentSubscription(paused.subscription),
  };
}

/** `POST /subscriptions/{id}/resume`. */
export function presentResumed(resumed: Resumed) {
  const done = [
    ...(resumed.unpaused ? ["resumed"] : []),
    ...(resumed.cancellationTakenBack ? ["its scheduled cancellation was taken back"] : []),
  ];
  return {
    message: `Subscription ${resumed.subscription.id}: ${done.join("; ")}.`,
    subscription: presentSubscription(resumed.subscription),
  };
}

/** `POST /subscriptions/{id}/cancel`. */
export function presentCanceled(canceled: Canceled) {
  const row = canceled.subscription;
  const end = row.currentPeriodEnd.toISOString();
  const message = {
    attempt_canceled: "The unpaid subscription attempt was canceled; nothing was charged.",
    canceled_now:
      "Canceled now. The plan's calls are no longer available; the unused part of the period is not refunded.",
    already_scheduled: `Already set to cancel at the end of the period (${end}).`,
    scheduled: `Set to cancel at the end of the period (${end}): nothing more will be charged, and the plan works until then. Take it back with POST ${API}/subscriptions/${row.id}/resume.`,
  }[canceled.kind];
  return { message, subscription: presentSubscription(row) };
}

/** `POST /subscriptions/{id}/fix-payment`: 200 paid, or 202 with the page a human authenticates on. */
export function presentFixedPayment(fixed: FixedPayment): Reply {
  const subscription = presentSubscription(fixed.subscription);
  const invoice = presentInvoiceBrief(fixed.invoice);
  if (fixed.kind === "requires_action") {
    const payment = presentPendingPayment(fixed.payment);
    return reply(
      {
        status: "requires_action",
        payment,
        subscription,
        invoice,
        message: `The payment needs authentication: ask a human to open ${payment.next_action_url}, then poll GET ${API}/subscriptions/${fixed.subscription.id}/status.`,
      },
      202,
    );
  }
  return reply(
    {
      message: `Invoice ${fixed.invoice.number ?? fixed.invoice.id} is paid; the subscription is ${subscription.status}.`,
      subscription,
      invoice,
      payment: { status: "succeeded", payment_intent_id: fixed.paymentIntentId },
    },
    200,
  );
}

/** `POST /subscriptions/confirm-checkout`. */
export function presentConfirmedCheckout(confirmed: ConfirmedCheckout) {
  const { subscription } = confirmed;
  const view = presentSubscription(subscription);
  return {
    message: confirmed.alreadyConfirmed
      ? "This subscription was already confirmed."
      : `Subscribed to ${subscription.plan?.name ?? `plan ${subscription.planId}`}.`,
    session_id: confirmed.sessionId,
    already_confirmed: confirmed.alreadyConfirmed,
    subscription: view,
    stripe_subscription_id: view.stripe_subscription_id,
    status: view.status,
  };
}

const chargeAmount = (setting: PaidModelChargeAmount) => ({
  charge_amount: setting.amountMinor === null ? null : minorToUsd(setting.amountMinor),
  currency: "USD",
});

/** `GET /subscriptions/charge-amount`. */
export const presentChargeAmount = chargeAmount;

/** `POST /subscriptions/charge-amount`. */
export function presentChargeAmountSaved(setting: { amountMinor: number }) {
  return {
    ...chargeAmount(setting),
    message: `Saved: the charge amount for paid-model usage outside the plan is ${minorToUsd(setting.amountMinor)} USD.`,
  };
}
