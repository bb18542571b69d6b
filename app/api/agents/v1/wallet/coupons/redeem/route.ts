// POST /api/agents/v1/wallet/coupons/redeem — credit a coupon (bonus coupons buy credit in the same call)
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { redeemCoupon } from "@/lib/wallet/coupons";
import { redeemCouponBodySchema } from "@/lib/wallet/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    { auth: true, limiter: "billing", scope: "wallet:write", body: redeemCouponBodySchema, idempotent: true },
    ({ db, principal, body, idempotencyRecordId }) =>
      redeemCoupon(db, {
        accountId: principal.accountId,
        userId: principal.userId,
        ...body,
        idempotencyRecordId,
      }),
  ),
});
