/**
 * Coupons from the seeded `coupon` table. A credit coupon adds its amount once per account; a bonus
 * coupon adds a percentage of a card purchase made in the same call. Validation answers 200 with
 * `valid: false` and a reason (the code was checked, the answer is just no); redeeming an invalid
 * coupon is a 422.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { couponRedemptions, coupons } from "@/lib/db/schema/wallet";
import { AppError } from "@/lib/errors";
import { minorToUsd, usdToMinor } from "@/lib/money";
import { fundWallet } from "./fund-wallet";
import { postInTx } from "./ledger";
import { presentTransaction } from "./present";

type Coupon = typeof coupons.$inferSelect;

function bonusFor(coupon: Coupon, purchaseMinor: number): number {
  return Math.floor((purchaseMinor * (coupon.bonusPercent ?? 0)) / 100);
}

async function check(db: Db, accountId: string, code: string, purchaseMinor: number | undefined) {
  const [coupon] = await db.select().from(coupons).where(eq(coupons.code, code));
  if (!coupon) return { coupon: null, reason: "Unknown coupon code." };
  if (coupon.expiresAt && coupon.expiresAt.getTime() < Date.now())
    return { coupon, reason: "This coupon has expired." };
  if (coupon.maxRedemptions !== null && coupon.redemptionCount >= coupon.maxRedemptions) {
    return { coupon, reason: "This coupon has been fully redeemed." };
  }
  const [used] = await db
    .select({ id: couponRedemptions.id })
    .from(couponRedemptions)
    .where(and(eq(couponRedemptions.couponCode, code), eq(couponRedemptions.accountId, accountId)));
  if (used) return { coupon, reason: "This account has already redeemed this coupon." };
  if (coupon.kind === "bonus") {
    if (purchaseMinor === undefined) return { coupon, reason: "This bonus coupon needs a purchase_amount." };
    if (coupon.minPurchaseMinor !== null && purchaseMinor < coupon.minPurchaseMinor) {
      return { coupon, reason: `The purchase must be at least $${minorToUsd(coupon.minPurchaseMinor)}.` };
    }
  }
  return { coupon, reason: null };
}

export async function validateCoupon(
  db: Db,
  input: { accountId: string; code: string; purchaseUsd?: number | undefined },
) {
  const purchaseMinor =
    input.purchaseUsd === undefined ? undefined : (usdToMinor(input.purchaseUsd) ?? undefined);
  const { coupon, reason } = await check(db, input.accountId, input.code, purchaseMinor);
  const credit = coupon
    ? coupon.kind === "credit"
      ? (coupon.amountMinor ?? 0)
      : purchaseMinor === undefined
        ? null
        : bonusFor(coupon, purchaseMinor)
    : null;
  return {
    valid: reason === null,
    coupon_code: input.code,
    type: coupon?.kind ?? null,
    description: coupon?.description ?? null,
    credit_amount: credit === null ? null : minorToUsd(credit),
    bonus_percent: coupon?.bonusPercent ?? null,
    minimum_purchase: coupon?.minPurchaseMinor == null ? null : minorToUsd(coupon.minPurchaseMinor),
    reason,
  };
}

export async function redeemCoupon(
  db: Db,
  input: {
    accountId: string;
    userId: string;
    code: string;
    paymentMethodId?: string | undefined;
    purchaseMinor?: number | undefined;
    idempotencyRecordId: string | null;
  },
) {
  const { coupon, reason } = await check(db, input.accountId, input.code, input.purchaseMinor);
  if (!coupon || reason)
    throw new AppError("validation_error", reason ?? "Invalid coupon.", {
      details: { coupon_code: [reason ?? "invalid"] },
    });

  let purchase: Record<string, unknown> | null = null;
  let creditMinor = coupon.amountMinor ?? 0;
  if (coupon.kind === "bonus") {
    if (!input.paymentMethodId || input.purchaseMinor === undefined) {
      throw new AppError("validation_error", "A bonus coupon needs payment_method_id and purchase_amount.", {
        details: { payment_method_id: ["is required for bonus coupons"] },
      });
    }
    const funded = await fundWallet(db, {
      accountId: input.accountId,
      userId: input.userId,
      actorKind: "agent",
      amountMinor: input.purchaseMinor,
      paymentMethodId: input.paymentMethodId,
      idempotencyRecordId: input.idempotencyRecordId,
    });
    if (funded.kind !== "succeeded") {
      throw new AppError(
        "conflict",
        "The purchase needs 3-D Secure authentication; fund the wallet first, then redeem the coupon.",
        {
          details: funded.body,
        },
      );
    }
    purchase = funded.body;
    creditMinor = bonusFor(coupon, input.purchaseMinor);
  }

  const result = await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(couponRedemptions)
      .values({ couponCode: coupon.code, accountId: input.accountId })
      .onConflictDoNothing()
      .returning({ id: couponRedemptions.id });
    if (!inserted[0]) throw new AppError("conflict", "This account has already redeemed this coupon.");
    const bumped = await tx
      .update(coupons)
      .set({ redemptionCount: sql`${coupons.redemptionCount} + 1` })
      .where(
        and(
          eq(coupons.code, coupon.code),
          sql`(${coupons.maxRedemptions} is null or ${coupons.redemptionCount} < ${coupons.maxRedemptions})`,
        ),
      )
      .returning({ code: coupons.code });
    if (!bumped[0]) throw new AppError("conflict", "This coupon has been fully redeemed.");
    if (creditMinor <= 0) return null;
    const posting = await postInTx(tx, {
      accountId: input.accountId,
      amountMinor: creditMinor,
      kind: "coupon",
      source: "coupon",
      externalId: `${coupon.code}:${input.accountId}`,
      description: `Coupon ${coupon.code}`,
      actor: { userId: input.userId, kind: "agent" },
      causeRef: input.idempotencyRecordId,
    });
    await tx
      .update(couponRedemptions)
      .set({ ledgerEntryId: posting.entry.id })
      .where(eq(couponRedemptions.id, inserted[0].id));
    return posting;
  });
  return {
    redeemed: true,
    coupon_code: coupon.code,
    type: coupon.kind,
    credit_amount: minorToUsd(creditMinor),
    balance: result ? minorToUsd(result.wallet.balanceMinor) : null,
    transaction: result ? presentTransaction(result.entry) : null,
    purchase,
  };
}
