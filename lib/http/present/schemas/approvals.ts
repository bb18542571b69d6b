/** Response schemas of the /approvals routes (presenter: ../approvals.ts). */
import { z } from "zod";
import { isoDate, nullableIso, usd } from "./common";

const APPROVAL_KINDS = ["fund", "subscription", "plan_change", "api_key"] as const;
const APPROVAL_STATUSES = ["pending", "approved", "executed", "rejected", "expired"] as const;

/** What the held request asked for, in the original route's words (one shape per kind). */
const heldRequestBody = z.union([
  z.object({ amount: usd, payment_method_id: z.string().nullable() }),
  z.object({ plan_id: z.number().int(), payment_method_id: z.string().nullable() }),
  z.object({ subscription_id: z.number().int(), new_plan_id: z.number().int() }),
  z.object({ name: z.string(), notes: z.string().nullable() }),
]);

/** The original route's answer once the approved request ran: its status and its `data` or `error`. */
const storedResult = z.object({
  http_status: z.number().int(),
  data: z.unknown(),
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).nullable(),
});

export const approvalResponse = z.object({
  id: z.string(),
  kind: z.enum(APPROVAL_KINDS),
  status: z.enum(APPROVAL_STATUSES),
  summary: z.string(),
  request: heldRequestBody,
  cost: z.object({ amount: usd, currency: z.literal("USD") }).nullable(),
  requested_by: z.object({
    user_id: z.string(),
    name: z.string(),
    email: z.string(),
    device: z.string().nullable().describe("The requesting token's name."),
  }),
  created_at: isoDate,
  expires_at: isoDate,
  decided_at: nullableIso,
  decided_by: z.string().nullable().describe("The deciding user's id."),
  reason: z.string().nullable(),
  executed_at: nullableIso,
  result: storedResult.nullable(),
  status_url: z.string(),
  message: z.string(),
});

export const approvalPage = z.object({
  items: z.array(approvalResponse),
  count: z.number().int(),
  next_cursor: z.string().nullable(),
});

export const approvalPolicy = z.object({
  subscriptions: z.boolean(),
  funds: z.boolean(),
  fund_threshold: usd.describe("A member's fund above this is held (when funds is true), US dollars."),
  api_keys: z.boolean(),
  currency: z.literal("USD"),
  applies_to: z.array(z.literal("member")),
  is_default: z.boolean(),
  updated_at: nullableIso,
});
