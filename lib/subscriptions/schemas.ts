/** Request schemas of the subscription and invoice endpoints (universal: zod and money only). */
import { z } from "zod";
import { usdAmount } from "@/lib/money/field";
import { paymentMethodId } from "@/lib/payments/schemas";

/** Plan ids are integers; `"10"` is accepted too (form bodies and loose clients send strings). */
const planId = z.union([
  z
    .number({ error: "must be a plan id (an integer)" })
    .int("must be an integer")
    .positive("must be positive"),
  z
    .string()
    .regex(/^[1-9]\d{0,8}$/, "must be a plan id (an integer)")
    .transform(Number),
]);

const redirectUrl = z
  .string()
  .max(2000)
  .refine(
    (v) =>
      URL.canParse(v.replaceAll("{CHECKOUT_SESSION_ID}", "x")) &&
      /^https?:$/.test(new URL(v.replaceAll("{CHECKOUT_SESSION_ID}", "x")).protocol),
    "must be an http(s) URL",
  );

export const createSubscriptionBody = z.object({
  plan_id: planId,
  payment_method_id: paymentMethodId.optional(),
  success_url: redirectUrl.optional(),
  cancel_url: redirectUrl.optional(),
});

/** The docs say `new_plan_id`, the CLI sends `plan_id`: both are accepted. */
export const changePlanBody = z
  .object({ new_plan_id: planId.optional(), plan_id: planId.optional() })
  .transform((b, ctx) => {
    const id = b.new_plan_id ?? b.plan_id;
    if (id === undefined) {
      ctx.addIssue({ code: "custom", path: ["new_plan_id"], message: "is required" });
      return z.NEVER;
    }
    if (b.new_plan_id !== undefined && b.plan_id !== undefined && b.new_plan_id !== b.plan_id) {
      ctx.addIssue({
        code: "custom",
        path: ["new_plan_id"],
        message: "and plan_id disagree; send one of them",
      });
      return z.NEVER;
    }
    return { newPlanId: id };
  });

const flag = z.union([
  z.boolean(),
  z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1"),
]);

export const cancelBody = z
  .object({ immediately: flag.optional(), at_period_end: flag.optional() })
  .transform((b) => ({
    immediately: b.immediately ?? (b.at_period_end === undefined ? false : !b.at_period_end),
  }));

export const fixPaymentBody = z.object({
  plan_category: z.string().trim().min(1).max(40).optional(),
  stripe_subscription_id: z
    .string()
    .regex(/^sub_[A-Za-z0-9_]+$/, "must be a Stripe subscription id (sub_…)")
    .optional(),
  payment_method_id: paymentMethodId.optional(),
});

export const confirmCheckoutBody = z.object({
  session_id: z.string().regex(/^cs_[A-Za-z0-9_]+$/, "must be a Checkout session id (cs_…)"),
});

export const chargeAmountBody = z.object({ amount: usdAmount(5, 10_000) });

export const invoiceListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});
