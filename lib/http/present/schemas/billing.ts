/** Response schemas of /billing/overview (presenter: ../billing.ts) and the payment links (../checkout.ts). */
import { z } from "zod";
import { isoDate, nullableIso, usd, walletSummary } from "./common";
import { cardResponse } from "./payments";
import { subscriptionResponse } from "./subscriptions";
import { autoFunding } from "./wallet";

export const billingOverviewResponse = z.object({
  wallet_balance: usd,
  wallet: walletSummary,
  auto_funding: autoFunding,
  payment_methods: z.array(cardResponse),
  default_payment_method: z.string().nullable(),
  pending_payments: z.number().int().describe("Payments waiting for a person to authenticate them."),
  subscriptions: z.array(subscriptionResponse),
  invoice_count: z.number().int(),
  active_subscription: subscriptionResponse
    .nullable()
    .describe("The first active, trialing or past_due subscription."),
  total_deposits: usd.describe("Money paid into the wallet (coupons excluded)."),
  total_charges: usd.describe("What the wallet paid for generations, net of refunds."),
});

const linkStatus = z.enum(["open", "paid", "fulfilled", "expired", "canceled"]);

const linkFields = {
  session_id: z.string(),
  status: linkStatus,
  currency: z.literal("USD"),
  payment_url: z.string(),
  expires_at: isoDate,
  fulfilled_at: nullableIso,
  status_url: z.string().describe("Wait on it with ?wait=N, or Accept: text/event-stream."),
};

const fundLink = z.object({ ...linkFields, purpose: z.literal("fund"), amount: usd.nullable() });
const subscribeLink = z.object({
  ...linkFields,
  purpose: z.literal("subscribe"),
  plan_id: z.number().int().nullable(),
});

export const paymentLinkResponse = z.union([fundLink, subscribeLink]);

const instructions = { instructions: z.string().describe("How to hand payment_url to a human, then wait.") };

export const createdPaymentLinkResponse = z.union([
  fundLink.extend(instructions),
  subscribeLink.extend(instructions),
]);
