/** Request schemas of the wallet endpoints (universal: no server imports beyond zod and money). */
import { z } from "zod";
import { usdToMinor } from "@/lib/money";
import { usdAmount } from "@/lib/money/field";
import { paymentMethodId } from "@/lib/payments/schemas";

export const fundBodySchema = (range: { min: () => number; max: () => number }) =>
  z.object({
    amount: usdAmount(range.min, range.max),
    payment_method_id: paymentMethodId.optional(),
  });

export const transactionsQuerySchema = z.object({
  type: z.enum(["credit", "debit"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  cursor: z.string().min(1).max(200).optional(),
});

export const paymentStatusQuerySchema = z.object({
  wait: z.coerce.number().int().min(0).max(60).default(0),
});

/** The CLI sends `amount`/`threshold`; the docs say `auto_charge_amount`/`charge_threshold`. */
export const autoFundingBodySchema = z
  .object({
    auto_charge_amount: usdAmount(5, 10_000).optional(),
    amount: usdAmount(5, 10_000).optional(),
    charge_threshold: usdAmount(1, 10_000).optional(),
    threshold: usdAmount(1, 10_000).optional(),
  })
  .transform((b, ctx) => {
    const amountMinor = b.auto_charge_amount ?? b.amount;
    const thresholdMinor = b.charge_threshold ?? b.threshold;
    if (amountMinor === undefined)
      ctx.addIssue({ code: "custom", path: ["auto_charge_amount"], message: "is required" });
    if (thresholdMinor === undefined)
      ctx.addIssue({ code: "custom", path: ["charge_threshold"], message: "is required" });
    if (amountMinor === undefined || thresholdMinor === undefined) return z.NEVER;
    return { amountMinor, thresholdMinor };
  });

export const couponCode = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .transform((s) => s.toUpperCase());

/**
 * The coupon check, as a query (GET) or a JSON body (POST): `coupon_code` or the CLI's `code`.
 * `purchase_amount` comes out in cents; an amount that is not whole cents counts as not given.
 */
export const validateCouponSchema = z
  .object({
    coupon_code: couponCode.optional(),
    code: couponCode.optional(),
    purchase_amount: z.coerce
      .number()
      .positive()
      .max(1_000_000)
      .transform((usd) => usdToMinor(usd) ?? undefined)
      .optional(),
  })
  .transform((q, ctx) => {
    const code = q.coupon_code ?? q.code;
    if (!code) {
      ctx.addIssue({ code: "custom", path: ["coupon_code"], message: "is required" });
      return z.NEVER;
    }
    return { code, purchaseMinor: q.purchase_amount };
  });

export const redeemCouponBodySchema = z
  .object({
    coupon_code: couponCode.optional(),
    code: couponCode.optional(),
    payment_method_id: paymentMethodId.optional(),
    purchase_amount: usdAmount(1, 10_000).optional(),
  })
  .transform((b, ctx) => {
    const code = b.coupon_code ?? b.code;
    if (!code) {
      ctx.addIssue({ code: "custom", path: ["coupon_code"], message: "is required" });
      return z.NEVER;
    }
    return { code, paymentMethodId: b.payment_method_id, purchaseMinor: b.purchase_amount };
  });

export const withdrawBodySchema = z.object({ amount: usdAmount(1, 1_000_000) });
