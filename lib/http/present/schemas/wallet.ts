/** Response schemas of the wallet and card routes (presenters: ../wallet.ts, ../payments.ts, ../checkout.ts). */
import { z } from "zod";
import { checkoutLink, heldForApproval, pendingPayment, transaction, usd, walletSummary } from "./common";

export const stripeConfigResponse = z.object({
  publishable_key: z.string(),
  api_base: z.string(),
  mode: z.string(),
  instructions: z.string(),
});

export const balanceResponse = walletSummary;

export const fundSucceeded = z.object({
  balance: usd,
  amount: usd,
  currency: z.string(),
  payment: z.object({ status: z.literal("succeeded"), payment_intent_id: z.string() }),
  transaction,
});

/** Without payment_method_id: a Checkout link for a person. */
export const fundCheckout = checkoutLink.extend({
  payment: z.object({ status: z.literal("requires_checkout") }),
});

export const fundPending = z.object({ payment: pendingPayment, message: z.string() });

export const fundResponses = {
  200: z.union([fundSucceeded, fundCheckout]),
  202: z.union([fundPending, heldForApproval]),
};

export const transactionsPage = z.object({
  items: z.array(transaction),
  count: z.number().int(),
  total: z.number().int().describe("Entries matching the filter, all pages together."),
  limit: z.number().int(),
  offset: z.number().int().nullable().describe("Null when the page was asked for by cursor."),
  next_cursor: z.string().nullable(),
  wallet: walletSummary,
});

const couponKind = z.enum(["credit", "bonus"]);

export const couponValidation = z.object({
  valid: z.boolean(),
  coupon_code: z.string(),
  type: couponKind.nullable().describe("Null for an unknown code."),
  description: z.string().nullable(),
  credit_amount: usd
    .nullable()
    .describe("What it would credit: a bonus coupon's share of purchase_amount, null without one."),
  bonus_percent: z.number().nullable(),
  minimum_purchase: usd.nullable(),
  reason: z.string().nullable().describe("Why it cannot be redeemed; null when valid."),
});

export const couponRedeemed = z.object({
  redeemed: z.literal(true),
  coupon_code: z.string(),
  type: couponKind,
  credit_amount: usd,
  balance: usd.nullable().describe("Null when nothing was credited."),
  transaction: transaction.nullable(),
  purchase: fundSucceeded.nullable().describe("A bonus coupon's card purchase."),
});

/** A bonus coupon whose purchase waits for 3-D Secure or the bank: the bonus follows the payment. */
export const couponAwaitingPayment = z.object({
  payment: pendingPayment,
  message: z.string(),
  coupon: z.object({
    coupon_code: z.string(),
    type: z.literal("bonus"),
    status: z.literal("pending"),
    credit_amount: usd,
  }),
});

export const redeemResponses = { 200: couponRedeemed, 202: couponAwaitingPayment };

export const autoFunding = z.object({
  enabled: z.boolean(),
  auto_charge_amount: usd.nullable(),
  charge_threshold: usd.nullable(),
  currency: z.string(),
});

export const autoFundingConfigured = z.object({
  auto_funding: autoFunding,
  payment_method: z.object({ id: z.string(), brand: z.string(), last4: z.string() }),
});

export const autoFundingDisabled = z.object({ auto_funding: autoFunding });

export const withdrawalResponse = z.object({
  status: z.literal("pending_payout"),
  amount: usd,
  balance: usd,
  transaction,
});

/** POST /wallet/confirm-checkout (presenter: ../checkout.ts). */
export const checkoutConfirmed = z.object({
  session_id: z.string(),
  status: z.literal("fulfilled"),
  already_confirmed: z.boolean(),
  amount: usd,
  balance: usd,
  currency: z.string(),
  transaction,
});
