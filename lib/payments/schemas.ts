/** Request schemas of the card and billing-profile endpoints (universal: zod only). */
import { z } from "zod";

export const paymentMethodId = z
  .string()
  .regex(/^pm_[A-Za-z0-9_]+$/, "must be a Stripe PaymentMethod id (pm_…)");

/** `make_default` (docs/MCP) or `set_default` (CLI); the MCP defaults it to true. */
export const addPaymentMethodBodySchema = z
  .object({
    payment_method_id: paymentMethodId,
    make_default: z.boolean().optional(),
    set_default: z.boolean().optional(),
  })
  .transform((b) => ({
    paymentMethodId: b.payment_method_id,
    makeDefault: b.make_default ?? b.set_default ?? true,
  }));

export const paymentMethodParams = z.object({ id: paymentMethodId });

const text = (max: number) => z.string().trim().max(max);

/** The documented names, plus the CLI's `address`/`city`/`country`. */
export const billingInfoBodySchema = z
  .object({
    name: text(200).optional(),
    email: z.email().optional(),
    tax_id: text(64).min(1).optional(),
    tax_id_type: text(32).min(2).optional(),
    address_line1: text(200).optional(),
    address: text(200).optional(),
    address_line2: text(200).optional(),
    address_city: text(100).optional(),
    city: text(100).optional(),
    address_state: text(100).optional(),
    address_postal_code: text(20).optional(),
    address_country: z
      .string()
      .regex(/^[A-Za-z]{2}$/, "must be a 2-letter country code")
      .optional(),
    country: z
      .string()
      .regex(/^[A-Za-z]{2}$/, "must be a 2-letter country code")
      .optional(),
  })
  .superRefine((b, ctx) => {
    if (b.tax_id && !b.tax_id_type)
      ctx.addIssue({ code: "custom", path: ["tax_id_type"], message: "is required when tax_id is sent" });
  })
  .transform((b) => ({
    name: b.name,
    email: b.email,
    taxId: b.tax_id ? { value: b.tax_id, type: b.tax_id_type ?? "" } : undefined,
    address: {
      line1: b.address_line1 ?? b.address,
      line2: b.address_line2,
      city: b.address_city ?? b.city,
      state: b.address_state,
      postal_code: b.address_postal_code,
      country: (b.address_country ?? b.country)?.toUpperCase(),
    },
  }));
