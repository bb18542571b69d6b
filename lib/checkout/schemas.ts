/** Request schemas of the payment-link endpoints. */
import { z } from "zod";
import { usdAmount } from "@/lib/money/field";

export const sessionIdSchema = z.string().regex(/^cs_[A-Za-z0-9_]+$/, "must be a Checkout session id (cs_…)");

export const paymentLinkBodySchema = (range: { min: () => number; max: () => number }) =>
  z.discriminatedUnion("purpose", [
    z.object({ purpose: z.literal("fund"), amount: usdAmount(range.min, range.max) }),
    z.object({ purpose: z.literal("subscribe"), plan_id: z.coerce.number().int().positive() }),
  ]);

export const linkStatusQuerySchema = z.object({ wait: z.coerce.number().int().min(0).max(60).default(0) });

export const confirmCheckoutBodySchema = z.object({ session_id: sessionIdSchema });
