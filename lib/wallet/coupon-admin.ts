/**
 * Operators' coupons (`npm run coupon`, scripts/coupon.ts): create, list, deactivate, reactivate.
 * A coupon is never deleted here: redemptions and ledger entries name it, so retiring one means
 * deactivating it (redeem and validate then refuse it).
 */
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { coupons } from "@/lib/db/schema/wallet";
import { AppError, validationError } from "@/lib/errors";
import { usdDecimal } from "@/lib/money";
import { usdAmount } from "@/lib/money/field";
import type { Coupon } from "./coupons";

const code = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9][A-Z0-9_-]{1,63}$/, "2–64 letters, digits, '_' or '-'"));

const common = {
  code,
  description: z.string().trim().min(1).max(200).optional(),
  max_redemptions: z.coerce.number().int().min(1).max(10_000_000).optional(),
  expires_at: z.coerce
    .date({ error: "must be a date, e.g. 2026-12-31 or 2026-12-31T23:59:59Z" })
    .refine((d) => d.getTime() > Date.now(), "must be in the future")
    .optional(),
};

export const createCouponInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("credit"), credit: usdAmount(0.01, 10_000), ...common }),
  z.object({
    kind: z.literal("bonus"),
    bonus_percent: z.coerce.number().int().min(1).max(100),
    min_purchase: usdAmount(0.01, 10_000).optional(),
    ...common,
  }),
]);
export type CreateCouponInput = z.input<typeof createCouponInput>;

/** Redeemable now as far as the coupon itself goes: not deactivated, not expired. */
export const isCouponActive = (c: Coupon, now = Date.now()) =>
  c.disabledAt === null && (c.expiresAt === null || c.expiresAt.getTime() > now);

export async function createCoupon(db: Db, raw: CreateCouponInput): Promise<Coupon> {
  const parsed = createCouponInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  const input = parsed.data;
  const description =
    input.description ??
    (input.kind === "credit"
      ? `$${usdDecimal(input.credit)} of credit`
      : `${input.bonus_percent}% extra credit on a purchase` +
        (input.min_purchase === undefined ? "" : ` of $${usdDecimal(input.min_purchase)} or more`));
  const [row] = await db
    .insert(coupons)
    .values({
      code: input.code,
      kind: input.kind,
      amountMinor: input.kind === "credit" ? input.credit : null,
      bonusPercent: input.kind === "bonus" ? input.bonus_percent : null,
      minPurchaseMinor: input.kind === "bonus" ? (input.min_purchase ?? null) : null,
      maxRedemptions: input.max_redemptions ?? null,
      expiresAt: input.expires_at ?? null,
      description,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) {
    throw new AppError("conflict", `A coupon ${input.code} already exists (coupon codes are never reused).`);
  }
  return row;
}

export async function listCoupons(db: Db): Promise<Coupon[]> {
  return db.select().from(coupons).orderBy(asc(coupons.createdAt), asc(coupons.code));
}

export async function setCouponActive(
  db: Db,
  input: { code: string; active: boolean; localMode: boolean },
): Promise<Coupon> {
  const target = input.code.trim().toUpperCase();
  const [current] = await db.select().from(coupons).where(eq(coupons.code, target));
  if (!current) throw new AppError("not_found", `No coupon ${target}.`);
  if (input.active && current.seeded && !input.localMode) {
    throw new AppError(
      "conflict",
      `${target} is a local-mode demo coupon; it cannot be reactivated here. Create a coupon of your own.`,
    );
  }
  const [row] = await db
    .update(coupons)
    .set({ disabledAt: input.active ? null : (current.disabledAt ?? new Date()) })
    .where(eq(coupons.code, target))
    .returning();
  return row ?? current;
}
