/** Building blocks of the response schemas (the `data` of the envelope), for the OpenAPI document. */
import { z } from "zod";

export const isoDate = z.string().describe("ISO-8601 date-time");
export const nullableIso = isoDate.nullable();
/** USD with at most 2 decimals. */
export const usd = z.number().describe("US dollars");

export const transaction = z.object({
  id: z.string(),
  source: z.string(),
  transaction_id: z.string(),
  type: z.enum(["credit", "debit"]),
  amount: usd,
  balance_after: usd,
  currency: z.string(),
  status: z.string(),
  usecase: z.string(),
  kind: z.string(),
  description: z.string(),
  actor: z.enum(["agent", "human", "system"]),
  created_at: isoDate,
});

export const walletSummary = z.object({
  balance: usd,
  currency: z.string(),
  total_credited: usd,
  amount_used: usd,
  spending_suspended: z.object({ reason: z.string().nullable(), since: isoDate }).nullable(),
});

export const pendingPayment = z.object({
  status: z.string(),
  payment_intent_id: z.string(),
  client_secret: z.string().nullable(),
  next_action_url: z.string().nullable(),
});

/** Hand-off links are described by their main fields; the rest is additive. */
export const checkoutLink = z.looseObject({
  checkout_url: z.string(),
  session_id: z.string(),
  expires_at: isoDate,
});

/**
 * The 202 of a request the account's approval policy holds (presenter: ../approvals.ts
 * `presentHeld`): fund, subscribe, change plan and create API key can answer it for a member.
 */
export const heldForApproval = z
  .object({
    status: z.literal("pending_approval"),
    approval: z.object({ id: z.string(), status_url: z.string(), expires_at: isoDate }),
    message: z.string(),
  })
  .describe("Held for an owner's or admin's approval: wait on approval.status_url.");
