/** Response schemas of the card, SetupIntent, billing-profile and payment-status routes (presenter: ../payments.ts). */
import { z } from "zod";
import { isoDate, usd } from "./common";

export const cardResponse = z.object({
  id: z.string().describe("The Stripe PaymentMethod id (pm_…)."),
  type: z.literal("card"),
  brand: z.string(),
  last4: z.string(),
  exp_month: z.number().int(),
  exp_year: z.number().int(),
  is_default: z.boolean(),
  created_at: isoDate,
});

export const cardListResponse = z.array(cardResponse);

export const removedCardResponse = z.object({ id: z.string(), deleted: z.literal(true) });

export const setupIntentResponse = z.object({
  setup_intent_id: z.string(),
  client_secret: z.string().nullable(),
  status: z.string().describe("Stripe's SetupIntent status (requires_payment_method until confirmed)."),
  instructions: z.string(),
});

const billingProfile = z.object({
  name: z.string().nullable(),
  email: z.string().nullable(),
  address_line1: z.string().nullable(),
  address_line2: z.string().nullable(),
  address_city: z.string().nullable(),
  address_state: z.string().nullable(),
  address_postal_code: z.string().nullable(),
  address_country: z.string().nullable().describe("ISO 3166-1 alpha-2."),
  tax_id: z.string().nullable(),
  tax_id_type: z.string().nullable(),
});

/** The Stripe customer was deleted: every field is null and there is no address at all. */
const deletedBillingProfile = z.object({
  name: z.null(),
  email: z.null(),
  address: z.null(),
  tax_id: z.null(),
  tax_id_type: z.null(),
});

export const billingInfoResponse = z.union([billingProfile, deletedBillingProfile]);

const PAYMENT_STATUSES = ["requires_action", "processing", "succeeded", "failed", "canceled"] as const;

export const paymentStatusResponse = z.object({
  status: z
    .enum(["pending", "succeeded", "failed", "canceled"])
    .describe("`pending` while it waits for a person (3-D Secure) or the bank; stripe_status says which."),
  stripe_status: z.enum(PAYMENT_STATUSES),
  payment_intent_id: z.string(),
  amount: usd,
  currency: z.string(),
  purpose: z.enum(["fund", "auto_fund", "checkout_fund", "subscription"]),
  decline_code: z.string().nullable(),
  next_action_url: z
    .string()
    .nullable()
    .describe("Where a person authenticates it, while it requires action."),
  updated_at: isoDate,
});
