/**
 * The demo coupons (a welcome credit, a launch credit, a purchase bonus) are local-mode data: they
 * let someone try every coupon path against `npm start` (and the test suites, which run in local
 * mode) without an operator step. Anywhere else they would be free money for anyone who reads the
 * README, so a deployment that is not in local mode never has them: each start of the database
 * brings them in line with the mode, idempotently (operators create real coupons with
 * `npm run coupon`, lib/wallet/coupon-admin.ts).
 */
import { and, eq, isNull, notExists, sql } from "drizzle-orm";
import type { DbOrTx } from "./client";
import { couponRedemptions, coupons } from "./schema/wallet";

export const DEMO_COUPONS = [
  {
    code: "WELCOME5",
    kind: "credit",
    amountMinor: 500,
    bonusPercent: null,
    minPurchaseMinor: null,
    maxRedemptions: null,
    description: "$5 of free credit for new accounts",
  },
  {
    code: "BONUS20",
    kind: "bonus",
    amountMinor: null,
    bonusPercent: 20,
    minPurchaseMinor: 2500,
    maxRedemptions: null,
    description: "20% extra credit on a purchase of $25 or more",
  },
  {
    code: "LAUNCH100",
    kind: "credit",
    amountMinor: 10_000,
    bonusPercent: null,
    minPurchaseMinor: null,
    maxRedemptions: 100,
    description: "$100 launch credit, first 100 accounts",
  },
] as const;

/**
 * Local mode: the demo coupons exist and are active, as defined above (their redemption counts are
 * kept). Otherwise: those never used are deleted and those an account used are deactivated, so the
 * redemptions keep the coupon they name. Coupons an operator created are never touched.
 */
export async function syncDemoCoupons(db: DbOrTx, localMode: boolean): Promise<void> {
  if (localMode) {
    for (const coupon of DEMO_COUPONS) {
      const { code, ...definition } = { ...coupon, expiresAt: null, disabledAt: null, seeded: true };
      await db
        .insert(coupons)
        .values({ code, ...definition })
        .onConflictDoUpdate({
          target: coupons.code,
          set: definition,
          // An operator's own coupon that happens to share a demo code is theirs: leave it be.
          setWhere: eq(coupons.seeded, true),
        });
    }
    return;
  }
  const unused = notExists(
    db.select({ one: sql`1` }).from(couponRedemptions).where(eq(couponRedemptions.couponCode, coupons.code)),
  );
  await db.delete(coupons).where(and(eq(coupons.seeded, true), unused));
  await db
    .update(coupons)
    .set({ disabledAt: new Date() })
    .where(and(eq(coupons.seeded, true), isNull(coupons.disabledAt)));
}
