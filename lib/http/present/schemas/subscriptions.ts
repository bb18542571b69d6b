/** Response schemas of the /subscriptions routes (presenter: ../subscriptions.ts). */
import { z } from "zod";
import { heldForApproval, isoDate, nullableIso, pendingPayment, usd } from "./common";

const planCategory = z.enum(["imagen", "enterprise"]);
const planPeriod = z.enum(["monthly", "yearly"]);
const planType = z.enum(["basic", "standard", "premium", "growth"]);

export const planResponse = z.object({
  id: z.number().int(),
  name: z.string(),
  category: planCategory,
  period: planPeriod,
  type: planType,
  price: usd,
  currency: z.literal("USD"),
  api_call_limit: z.number().int().describe("Generation calls included per billing period."),
  rate_limit: z.number().int(),
  rate_limit_unit: z.literal("requests_per_minute"),
  description: z.string(),
  features: z.array(z.string()),
});

export const subscriptionResponse = z.object({
  id: z.number().int(),
  plan_id: z.number().int(),
  plan_name: z.string().nullable().describe("Null for a plan no longer in the catalogue."),
  amount: usd.nullable(),
  next_billing_date: nullableIso.describe(
    "Null when nothing will renew (canceled, paused, scheduled to end).",
  ),
  feature: z.string().describe("Alias of category."),
  category: z.string(),
  plan: z
    .object({
      id: z.number().int(),
      name: z.string(),
      period: planPeriod,
      type: planType,
      price: usd,
      currency: z.literal("USD"),
    })
    .nullable(),
  status: z.string().describe("active, trialing, past_due, unpaid, paused, canceled, incomplete, …"),
  stripe_status: z.string(),
  stripe_subscription_id: z.string(),
  current_period_start: isoDate,
  current_period_end: isoDate,
  cancel_at_period_end: z.boolean(),
  cancel_at: nullableIso,
  canceled_at: nullableIso,
  ended_at: nullableIso,
  paused_at: nullableIso,
  usage: z.object({
    api_call_limit: z.number().int(),
    api_calls_used: z.number().int(),
    api_calls_remaining: z.number().int(),
    period_start: isoDate,
    period_end: isoDate,
  }),
  default_payment_method: z.string().nullable(),
  latest_invoice_id: z.string().nullable(),
  created_at: isoDate,
});

export const subscriptionListResponse = z.array(subscriptionResponse);

export const plansCatalogueResponse = z.object({
  subscription_plans: z.array(planResponse),
  pay_as_you_go: z.object({
    available: z.literal(true),
    description: z.string(),
    minimum_topup_usd: usd,
    maximum_topup_usd: usd,
    currency: z.literal("USD"),
    auto_payments: z.object({
      supported: z.literal(true),
      description: z.string(),
      configure_endpoint: z.string(),
      disable_endpoint: z.string(),
    }),
    fund_endpoint: z.string(),
  }),
  count: z.number().int(),
});

/** The invoice a plan change, a reset cycle or a repaired payment produced. */
const invoiceBrief = z.object({
  id: z.string(),
  status: z.string().nullable(),
  billing_reason: z.string().nullable(),
  total: usd,
  amount_due: usd,
  amount_paid: usd,
  currency: z.string(),
});

const requiresAction = {
  status: z.literal("requires_action"),
  payment: pendingPayment,
  message: z.string().describe("Which page a person must open, and what to poll afterwards."),
};

const subscribed = z.object({
  message: z.string(),
  subscription: subscriptionResponse,
  stripe_subscription_id: z.string(),
  status: z.string(),
  payment: z.object({
    status: z.literal("succeeded"),
    payment_intent_id: z.string().nullable(),
    invoice_id: z.string(),
  }),
});

const subscribeRequiresAction = z.object({
  ...requiresAction,
  subscription: subscriptionResponse,
  stripe_subscription_id: z.string(),
});

/** Without payment_method_id: a Checkout page for a person to pay. */
const subscriptionCheckout = z.object({
  status: z.literal("requires_checkout"),
  checkout_url: z.string(),
  payment_url: z.string().describe("Alias of checkout_url."),
  session_id: z.string(),
  status_url: z.string(),
  plan_id: z.number().int(),
  plan: planResponse,
  expires_at: isoDate,
  message: z.string(),
});

export const subscribeResponses = {
  200: subscriptionCheckout,
  201: subscribed,
  202: z.union([subscribeRequiresAction, heldForApproval]),
};

const planChanged = z.object({
  message: z.string(),
  subscription: subscriptionResponse,
  previous_plan_id: z.number().int(),
  proration: invoiceBrief
    .extend({ credited: usd.describe("Unused time credited against future invoices.") })
    .nullable(),
});

export const planChangeResponses = {
  200: planChanged,
  202: z.union([planChanged.extend(requiresAction), heldForApproval]),
};

const cycleReset = z.object({
  message: z.string(),
  subscription: subscriptionResponse,
  invoice: invoiceBrief.nullable(),
});

export const cycleResetResponses = { 200: cycleReset, 202: cycleReset.extend(requiresAction) };

/** Pause, resume and cancel: what happened, and the subscription now. */
export const subscriptionChangedResponse = z.object({
  message: z.string(),
  subscription: subscriptionResponse,
});

export const fixedPaymentResponses = {
  200: z.object({
    message: z.string(),
    subscription: subscriptionResponse,
    invoice: invoiceBrief,
    payment: z.object({ status: z.literal("succeeded"), payment_intent_id: z.string().nullable() }),
  }),
  202: z.object({ ...requiresAction, subscription: subscriptionResponse, invoice: invoiceBrief }),
};

export const confirmedCheckoutResponse = z.object({
  message: z.string(),
  session_id: z.string(),
  already_confirmed: z.boolean(),
  subscription: subscriptionResponse,
  stripe_subscription_id: z.string(),
  status: z.string(),
});

export const chargeAmountResponse = z.object({
  charge_amount: usd.nullable().describe("Null until it is set."),
  currency: z.literal("USD"),
});

export const chargeAmountSavedResponse = z.object({
  charge_amount: usd,
  currency: z.literal("USD"),
  message: z.string(),
});
