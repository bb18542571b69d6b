/** Response schemas of the wallet and card routes (presenters: ../wallet.ts, ../payments.ts, ../checkout.ts). */
import { z } from "zod";
import { checkoutLink, pendingPayment, transaction, usd, walletSummary } from "./common";

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

export const fundResponses = { 200: z.union([fundSucceeded, fundCheckout]), 202: fundPending };
