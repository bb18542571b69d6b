/**
 * Coupons from the `coupon` table (created by operators with `npm run coupon`; in local mode also
 * the demo coupons of lib/db/demo-coupons.ts). A credit coupon adds its amount once per account; a bonus
 * coupon adds a percentage of a card purchase made in the same call. Validation answers whether the
 * coupon can be used and, when not, why (the code was checked, the answer is just no); redeeming an
 * invalid coupon is a 422.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { couponRedemptions, coupons } from "@/lib/db/schema/wallet";
import { AppError } from "@/lib/errors";
import { usdFigure } from "@/lib/money";
import type { PendingPayment } from "@/lib/payments/intent-outcome";
import { awaitPurchase, bonusFor, postCouponBonus, releaseCoupon, reserveCoupon } from "./coupon-bonus";
import { type FundSucceeded, fundWallet } from "./fund-wallet";
import { ensureWallet, type LedgerEntry, postInTx } from "./ledger";
import { assertCanSpend } from "./suspension";

export type Coupon = typeof coupons.$inferSelect;

/** Why a coupon cannot be used by this account (for this purchase). */
export type CouponRefusal =
  | { kind: "unknown" }
  | { kind: "disabled" }
  | { kind: "expired" }
  | { kind: "exhausted" }
  /** Reserved by a purchase of this account still waiting for 3-D Secure. */
  | { kind: "awaiting_payment"; paymentIntentId: string }
  | { kind: "already_redeemed" }
  | { kind: "needs_purchase_amount" }
  | { kind: "below_minimum"; minPurchaseMinor: number };

/** The sentence for a refusal: the 422 of a redeem, and the `reason` of a validation. */
export function couponRefusalMessage(refusal: CouponRefusal): string {
  switch (refusal.kind) {
    case "unknown":
      return "Unknown coupon code.";
    case "disabled":
      return "This coupon is no longer available.";
    case "expired":
      return "This coupon has expired.";
    case "exhausted":
      return "This coupon has been fully redeemed.";
    case "awaiting_payment":
      return `This coupon is already being redeemed with payment ${refusal.paymentIntentId}, which is waiting for authentication.`;
    case "already_redeemed":
      return "This account has already redeemed this coupon.";
    case "needs_purchase_amount":
      return "This bonus coupon needs a purchase_amount.";
    case "below_minimum":
      return `The purchase must be at least $${usdFigure(refusal.minPurchaseMinor)}.`;
  }
}

async function check(
  db: Db,
  accountId: string,
  code: string,
  purchaseMinor: number | undefined,
): Promise<{ coupon: Coupon | null; refusal: CouponRefusal | null }> {
  const [coupon] = await db.select().from(coupons).where(eq(coupons.code, code));
  if (!coupon) return { coupon: null, refusal: { kind: "unknown" } };
  if (coupon.disabledAt) return { coupon, refusal: { kind: "disabled" } };
  if (coupon.expiresAt && coupon.expiresAt.getTime() < Date.now())
    return { coupon, refusal: { kind: "expired" } };
  if (coupon.maxRedemptions !== null && coupon.redemptionCount >= coupon.maxRedemptions) {
    return { coupon, refusal: { kind: "exhausted" } };
  }
  const [used] = await db
    .select()
    .from(couponRedemptions)
    .where(and(eq(couponRedemptions.couponCode, code), eq(couponRedemptions.accountId, accountId)));
  if (used && !used.ledgerEntryId && used.paymentIntentId) {
    return { coupon, refusal: { kind: "awaiting_payment", paymentIntentId: used.paymentIntentId } };
  }
  if (used) return { coupon, refusal: { kind: "already_redeemed" } };
  if (coupon.kind === "bonus") {
    if (purchaseMinor === undefined) return { coupon, refusal: { kind: "needs_purchase_amount" } };
    if (coupon.minPurchaseMinor !== null && purchaseMinor < coupon.minPurchaseMinor) {
      return { coupon, refusal: { kind: "below_minimum", minPurchaseMinor: coupon.minPurchaseMinor } };
    }
  }
  return { coupon, refusal: null };
}

export interface CouponValidation {
  /** The code as asked (upper-cased). */
  code: string;
  /** Null for an unknown code. */
  coupon: Coupon | null;
  /** What the coupon would credit: its amount, or a bonus coupon's share of `purchaseMinor` (null without one). */
  creditMinor: number | null;
  /** Null when the coupon can be redeemed. */
  refusal: CouponRefusal | null;
}

/** Whether the account could redeem `code` now (for a purchase of `purchaseMinor`). Reads only. */
export async function validateCoupon(
  db: Db,
  input: { accountId: string; code: string; purchaseMinor?: number | undefined },
): Promise<CouponValidation> {
  const { coupon, refusal } = await check(db, input.accountId, input.code, input.purchaseMinor);
  const creditMinor = coupon
    ? coupon.kind === "credit"
      ? (coupon.amountMinor ?? 0)
      : input.purchaseMinor === undefined
        ? null
        : bonusFor(coupon, input.purchaseMinor)
    : null;
  return { code: input.code, coupon, creditMinor, refusal };
}

/**
 * A coupon credited now. For a credit coupon `entry` is its ledger credit (null when the coupon
 * is worth nothing); for a bonus coupon it is the bonus and `purchase` the card payment it rode on.
 */
export interface CouponRedeemed {
  kind: "redeemed";
  code: string;
  couponKind: Coupon["kind"];
  creditMinor: number;
  /** The balance after the credit (null when nothing was credited). */
  balanceMinor: number | null;
  entry: LedgerEntry | null;
  purchase: FundSucceeded | null;
}

/** A bonus coupon whose purchase waits for 3-D Secure: the bonus follows the payment. */
export interface CouponAwaitingPayment {
  kind: "requires_action";
  code: string;
  couponKind: "bonus";
  bonusMinor: number;
  bonusPercent: number | null;
  payment: PendingPayment;
}

export type RedeemOutcome = CouponRedeemed | CouponAwaitingPayment;

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
): Promise<RedeemOutcome> {
  await assertCanSpend(db, input.accountId);
  const { coupon, refusal } = await check(db, input.accountId, input.code, input.purchaseMinor);
  if (!coupon || refusal) {
    const reason = refusal ? couponRefusalMessage(refusal) : null;
    throw new AppError("validation_error", reason ?? "Invalid coupon.", {
      details: { coupon_code: [reason ?? "invalid"] },
    });
  }
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
    code: coupon.code,
    couponKind: coupon.kind,
    creditMinor,
    balanceMinor: result ? result.wallet.balanceMinor : null,
    entry: result ? result.entry : null,
    purchase: null,
  };
}

/**
 * A bonus coupon buys credit with a card in the same call. The coupon is reserved before the
 * charge; a decline gives it back; 3-D Secure leaves the payment pending as in fundWallet, and the bonus follows
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
): Promise<RedeemOutcome> {
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
  const { paymentIntentId } = funded;
  if (funded.kind === "requires_action") {
    await awaitPurchase(db, { code, accountId: input.accountId, paymentIntentId });
    return {
      kind: "requires_action",
      code,
      couponKind: "bonus",
      bonusMinor,
      bonusPercent: coupon.bonusPercent,
      payment: funded,
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
    code,
    couponKind: coupon.kind,
    creditMinor: bonusMinor,
    balanceMinor: wallet.balanceMinor,
    entry: bonus ? bonus.entry : null,
    purchase: funded,
  };
}
