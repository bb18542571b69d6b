// GET /api/agents/v1/wallet/coupons/validate — is this coupon usable by the acting account?
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentCouponValidation } from "@/lib/http/present/wallet";
import { validateCoupon } from "@/lib/wallet/coupons";
import { validateCouponQuerySchema } from "@/lib/wallet/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "wallet:read",
      permission: "read",
      query: validateCouponQuerySchema,
    },
    async ({ db, principal, query }) =>
      presentCouponValidation(
        await validateCoupon(db, {
          accountId: principal.accountId,
          code: query.coupon_code,
          purchaseMinor: query.purchase_amount,
        }),
      ),
  ),
});
