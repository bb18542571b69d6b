/** Response schemas of the /usage routes (presenter: ../usage.ts). */
import { z } from "zod";
import { GENERATION_STATUSES } from "@/lib/db/schema/generation";
import { isoDate, nullableIso, usd } from "./common";

const count = z.number().int();

export const planQuota = z
  .object({
    plan_id: z.number().int(),
    plan_name: z.string(),
    limit: count,
    used: count,
    remaining: count,
    period_start: isoDate,
    period_end: isoDate,
  })
  .nullable()
  .describe("The active plan's calls for the current period; null without a plan.");

export const usageSummaryResponse = z.object({
  period: z.object({
    from: nullableIso,
    to: nullableIso.describe("The range's last instant."),
  }),
  total_calls: count,
  successful_calls: count,
  failed_calls: count,
  processing_calls: count,
  images_generated: count,
  plan_quota_calls: count.describe("Calls paid from the plan's quota rather than the wallet."),
  credits_used: usd.describe("Charged minus refunded, US dollars."),
  credits_charged: usd,
  credits_refunded: usd,
  credits_remaining: usd.describe("The wallet's balance, US dollars."),
  currency: z.literal("USD"),
  wallet: z.object({ balance: usd, currency: z.string() }),
  plan: planQuota,
});

export const usageItem = z.object({
  id: z.number().int(),
  type: z.string().describe("The generation endpoint (text2img, text-to-image)."),
  product: z.string(),
  endpoint: z.string(),
  model_id: z.string(),
  status: z.enum(GENERATION_STATUSES),
  cost: usd.describe("Charged minus refunded, US dollars."),
  charged: usd,
  refunded: usd,
  price: usd,
  currency: z.literal("USD"),
  funded_by: z.enum(["wallet", "plan_quota", "free"]),
  images: count,
  width: count,
  height: count,
  output: z.array(z.string()),
  error: z.string().nullable(),
  created_at: isoDate,
  completed_at: nullableIso,
});

export const productUsage = z.object({
  product: z.string(),
  name: z.string(),
  endpoints: z.array(z.string()),
  requests: count,
  successful: count,
  failed: count,
  images: count,
  cost: usd,
  currency: z.literal("USD"),
  plan_quota_calls: count,
  limit: count.nullable().describe("The plan's calls this period; null without a plan."),
  used: count.nullable(),
  remaining: count.nullable(),
  period_start: nullableIso,
  period_end: nullableIso,
  models: z.array(z.object({ model_id: z.string(), requests: count, images: count, cost: usd })),
});

export const usageDay = z.object({
  date: z.string().describe("The UTC day, YYYY-MM-DD."),
  requests: count,
  images: count,
  cost: usd.describe("Net wallet spend that day, US dollars."),
});
