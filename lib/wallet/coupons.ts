/**
 * Coupons from the `coupon` table (created by operators with `npm run coupon`; in local mode also
 * the demo coupons of lib/db/demo-coupons.ts). A credit coupon adds its amount once per account; a bonus
 * coupon adds a percentage of a card purchase made in the same call. Validation answers 200 with
 * `valid: false` and a reason (the code was checked, the answer is just no); redeeming an invalid
 * coupon is a 422.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { couponRedemptions, coupons } from "@/lib/db/schema/wallet";
import { AppError } from "@/lib/errors";
import { minorToUsd, usdToMinor } from "@/lib/money";
import { awaitPurchase, bonusFor, postCouponBonus, releaseCoupon, reserveCoupon } from "./coupon-bonus";
import { fundWallet } from "./fund-wallet";
import { ensureWallet, postInTx } from "./ledger";
import { presentTransaction } from "./present";
import { assertCanSpend } from "./suspension";

type Coupon = typeof coupons.$inferSelect;

async function check(db: Db, accountId: string, code: string, purchaseMinor: number | undefined) {
  const [coupon] = await db.select().from(coupons).where(eq(coupons.code, code));
  if (!coupon) return { coupon: null, reason: "Unknown coupon code." };
  if (coupon.disabledAt) return { coupon, reason: "This coupon is no longer available." };
  if (coupon.expiresAt && coupon.expiresAt.getTime() < Date.now())
    return { coupon, reason: "This coupon has expired." };
  if (coupon.maxRedemptions !== null && coupon.redemptionCount >= coupon.maxRedemptions) {
    return { coupon, reason: "This coupon has been fully redeemed." };
  }
  const [used] = await db
    .select()
    .from(couponRedemptions)
    .where(and(eq(couponRedemptions.couponCode, code), eq(couponRedemptions.accountId, accountId)));
  if (used && !used.ledgerEntryId && used.paymentIntentId) {
    return {
      coupon,
      reason: `This coupon is already being redeemed with payment ${used.paymentIntentId}, which is waiting for authentication.`,
    };
  }
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

export type RedeemResult = { kind: "redeemed" | "requires_action"; body: Record<string, unknown> };

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
): Promise<RedeemResult> {
  await assertCanSpend(db, input.accountId);
  const { coupon, reason } = await check(db, input.accountId, input.code, input.purchaseMinor);
  if (!coupon || reason)
    throw new AppError("validation_error", reason ?? "Invalid coupon.", {
      details: { coupon_code: [reason ?? "invalid"] },
    });
  if (coupon.kind === "bonus") return redeemBonus(db, { ...input, coupon });

  const creditMinor = coupon.amountMinor ?? 0;
  const result = await db.transaction(async (tx) => {
    const redemptionId = await reserveCoupon(tx, { code: coupon.code, accountId: input.accountId });
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
      .where(eq(couponRedemptions.id, redemptionId));
    return posting;
  });
  return {
    kind: "redeemed",
    body: {
      redeemed: true,
      coupon_code: coupon.code,
      type: coupon.kind,
      credit_amount: minorToUsd(creditMinor),
      balance: result ? minorToUsd(result.wallet.balanceMinor) : null,
      transaction: result ? presentTransaction(result.entry) : null,
      purchase: null,
    },
  };
}

/**
 * A bonus coupon buys credit with a card in the same call. The coupon is reserved before the
 * charge; a decline gives it back; 3-D Secure answers 202 like /wallet/fund, and the bonus follows
 * the payment whenever and however it settles (see coupon-bonus.ts).
 */
async function redeemBonus(
  db: Db,
  input: {
    accountId: string;
    userId: string;
    coupon: Coupon;
    paymentMethodId?: string | undefined;
    purchaseMinor?: number | undefined;
    idempotencyRecordId: string | null;
  },
): Promise<RedeemResult> {
  const { coupon } = input;
  if (!input.paymentMethodId || input.purchaseMinor === undefined) {
    throw new AppError("validation_error", "A bonus coupon needs payment_method_id and purchase_amount.", {
      details: { payment_method_id: ["is required for bonus coupons"] },
    });
  }
  const purchaseMinor = input.purchaseMinor;
  const bonusMinor = bonusFor(coupon, purchaseMinor);
  const code = coupon.code;
  await db.transaction((tx) => reserveCoupon(tx, { code, accountId: input.accountId }));
  let funded: Awaited<ReturnType<typeof fundWallet>>;
  try {
    funded = await fundWallet(db, {
      accountId: input.accountId,
      userId: input.userId,
      actorKind: "agent",
      amountMinor: purchaseMinor,
      paymentMethodId: input.paymentMethodId,
      idempotencyRecordId: input.idempotencyRecordId,
      couponCode: code,
    });
  } catch (error) {
    await releaseCoupon(db, { code, accountId: input.accountId });
    throw error;
  }
  const paymentIntentId = String((funded.body.payment as { payment_intent_id: string }).payment_intent_id);
  if (funded.kind === "requires_action") {
    await awaitPurchase(db, { code, accountId: input.accountId, paymentIntentId });
    return {
      kind: "requires_action",
      body: {
        ...funded.body,
        coupon: {
          coupon_code: code,
          type: coupon.kind,
          status: "pending",
          credit_amount: minorToUsd(bonusMinor),
        },
        message: `${funded.body.message} The ${coupon.bonusPercent}% bonus ($${minorToUsd(bonusMinor)}) is credited when the payment succeeds.`,
      },
    };
  }
  // Settling the payment inside fundWallet already posted the bonus; this returns that same entry
  // for the answer (and posts it, should that attempt have failed, since settlement never throws).
  const bonus = await postCouponBonus(db, {
    code,
    accountId: input.accountId,
    paymentIntentId,
    purchaseMinor,
  });
  const wallet = await ensureWallet(db, input.accountId);
  return {
    kind: "redeemed",
    body: {
      redeemed: true,
      coupon_code: code,
      type: coupon.kind,
      credit_amount: minorToUsd(bonusMinor),
      balance: minorToUsd(wallet.balanceMinor),
      transaction: bonus ? presentTransaction(bonus.entry) : null,
      purchase: funded.body,
    },
  };
}
