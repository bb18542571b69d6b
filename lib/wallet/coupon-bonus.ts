/**
 * A bonus coupon pays out a percentage of a card purchase, so it can only be decided by that
 * purchase's outcome, which may come minutes later (3-D Secure) and through any settlement path
 * (the agent's poll, the human's return page, a webhook, the reconciler). So:
 * - before charging, the coupon is reserved for the account (the once-per-account row, and one of
 *   its `max_redemptions`), so two concurrent redeems cannot both pay for a bonus;
 * - the PaymentIntent carries the coupon code in its metadata;
 * - when that PaymentIntent succeeds, the bonus is posted exactly once (the ledger's unique key);
 *   when it fails or is canceled, the reservation is released and the coupon can be used again.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/client";
import { couponRedemptions, coupons } from "@/lib/db/schema/wallet";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { percentOfMinor } from "@/lib/money";
import type { PaymentStatus } from "@/lib/payments/intent-outcome";
import type { PaymentIntent } from "@/lib/stripe/payments";
import { type PostingResult, postInTx } from "./ledger";

type Coupon = typeof coupons.$inferSelect;

export function bonusFor(coupon: Coupon, purchaseMinor: number): number {
  return percentOfMinor(purchaseMinor, coupon.bonusPercent ?? 0);
}

/** Claims the coupon for the account: 409 when it already has it or none are left. */
export async function reserveCoupon(tx: DbOrTx, input: { code: string; accountId: string }): Promise<string> {
  const inserted = await tx
    .insert(couponRedemptions)
    .values({ couponCode: input.code, accountId: input.accountId })
    .onConflictDoNothing()
    .returning({ id: couponRedemptions.id });
  if (!inserted[0]) throw new AppError("conflict", "This account has already redeemed this coupon.");
  const bumped = await tx
    .update(coupons)
    .set({ redemptionCount: sql`${coupons.redemptionCount} + 1` })
    .where(
      and(
        eq(coupons.code, input.code),
        // Checked here too, in the same statement as the count: a coupon deactivated after the
        // caller's validation is not redeemed.
        isNull(coupons.disabledAt),
        sql`(${coupons.maxRedemptions} is null or ${coupons.redemptionCount} < ${coupons.maxRedemptions})`,
      ),
    )
    .returning({ code: coupons.code });
  if (!bumped[0])
    throw new AppError("conflict", "This coupon has been fully redeemed or is no longer available.");
  return inserted[0].id;
}

/**
 * Gives an unpaid reservation back. With a PaymentIntent id, only the reservation tied to that
 * payment is released: one not tied yet belongs to a redeem still charging its card, which
 * releases it itself if that charge fails.
 */
export async function releaseCoupon(
  db: Db,
  input: { code: string; accountId: string; paymentIntentId?: string },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const released = await tx
      .delete(couponRedemptions)
      .where(
        and(
          eq(couponRedemptions.couponCode, input.code),
          eq(couponRedemptions.accountId, input.accountId),
          isNull(couponRedemptions.ledgerEntryId),
          input.paymentIntentId ? eq(couponRedemptions.paymentIntentId, input.paymentIntentId) : undefined,
        ),
      )
      .returning({ id: couponRedemptions.id });
    if (!released[0]) return false;
    await tx
      .update(coupons)
      .set({ redemptionCount: sql`greatest(${coupons.redemptionCount} - 1, 0)` })
      .where(eq(coupons.code, input.code));
    return true;
  });
}

/** Ties the reservation to the purchase that will decide it. */
export async function awaitPurchase(
  db: Db,
  input: { code: string; accountId: string; paymentIntentId: string },
): Promise<void> {
  await db
    .update(couponRedemptions)
    .set({ paymentIntentId: input.paymentIntentId })
    .where(
      and(
        eq(couponRedemptions.couponCode, input.code),
        eq(couponRedemptions.accountId, input.accountId),
        isNull(couponRedemptions.ledgerEntryId),
      ),
    );
}

/** Posts the bonus of a succeeded purchase, once; `null` when the reservation is gone. */
export async function postCouponBonus(
  db: Db,
  input: { code: string; accountId: string; paymentIntentId: string; purchaseMinor: number },
): Promise<PostingResult | null> {
  return db.transaction(async (tx) => {
    const [coupon] = await tx.select().from(coupons).where(eq(coupons.code, input.code));
    const [reservation] = await tx
      .select()
      .from(couponRedemptions)
      .where(
        and(eq(couponRedemptions.couponCode, input.code), eq(couponRedemptions.accountId, input.accountId)),
      )
      .for("update");
    if (!coupon || !reservation) return null;
    const amountMinor = bonusFor(coupon, input.purchaseMinor);
    if (amountMinor <= 0) return null;
    const posting = await postInTx(tx, {
      accountId: input.accountId,
      amountMinor,
      kind: "coupon",
      source: "coupon",
      externalId: `${coupon.code}:${input.accountId}`,
      description: `Coupon ${coupon.code}: ${coupon.bonusPercent}% bonus on the purchase`,
      actor: { userId: null, kind: "system" },
      causeRef: input.paymentIntentId,
      metadata: { payment_intent_id: input.paymentIntentId },
    });
    await tx
      .update(couponRedemptions)
      .set({ ledgerEntryId: posting.entry.id, paymentIntentId: input.paymentIntentId })
      .where(eq(couponRedemptions.id, reservation.id));
    return posting;
  });
}

/** Called by every settlement of a funding PaymentIntent. Never throws: the credit itself is done. */
export async function settleCouponOf(db: Db, intent: PaymentIntent, status: PaymentStatus): Promise<void> {
  const code = intent.metadata?.onramp_coupon;
  const accountId = intent.metadata?.onramp_account_id;
  if (!code || !accountId || (status !== "succeeded" && status !== "failed" && status !== "canceled")) return;
  try {
    if (status === "succeeded") {
      await postCouponBonus(db, {
        code,
        accountId,
        paymentIntentId: intent.id,
        purchaseMinor: intent.amount,
      });
    } else {
      await releaseCoupon(db, { code, accountId, paymentIntentId: intent.id });
    }
  } catch (error) {
    log().error(
      { err: String(error), payment_intent_id: intent.id, coupon: code },
      "coupon settlement failed",
    );
  }
}
