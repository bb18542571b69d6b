/** Request schemas of the approval endpoints (universal: zod and money only). */
import { z } from "zod";
import { usdAmount } from "@/lib/money/field";

const flag = z.union([
  z.boolean(),
  z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1"),
]);

/** PUT /approvals/policy: each field optional; what is left out stays as it is. */
export const policyBody = z
  .object({
    subscriptions: flag.optional(),
    funds: flag.optional(),
    fund_threshold: usdAmount(0.01, 1_000_000).optional(),
    api_keys: flag.optional(),
  })
  .transform((b) => ({
    subscriptions: b.subscriptions,
    funds: b.funds,
    fundThresholdMinor: b.fund_threshold,
    apiKeys: b.api_keys,
  }));

export const approvalListQuery = z.object({
  status: z.enum(["pending", "approved", "executed", "rejected", "expired"]).optional(),
  kind: z.enum(["fund", "subscription", "plan_change", "api_key"]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(200).optional(),
});

export const approvalWaitQuery = z.object({
  wait: z.coerce.number().int().min(0).max(60).default(0),
});

export const rejectBody = z.object({
  reason: z.string({ error: "is required" }).trim().min(1, { error: "is required" }).max(500),
});

export const approvalParams = z.object({
  id: z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "Approval not found."),
});
