// GET|POST /api/agents/v1/wallet/coupons/validate — is this coupon usable by the acting account? (query or JSON body; `code` alias of `coupon_code`)
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { couponValidation } from "@/lib/http/present/schemas/wallet";
import { presentCouponValidation } from "@/lib/http/present/wallet";
import { validateCoupon } from "@/lib/wallet/coupons";
import { validateCouponSchema } from "@/lib/wallet/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "wallet:read",
      permission: "read",
      query: validateCouponSchema,
      response: couponValidation,
    },
    async ({ db, principal, query }) =>
      presentCouponValidation(await validateCoupon(db, { accountId: principal.accountId, ...query })),
  ),
  // The CLI POSTs the same fields as JSON; nothing changes, so it stays on the general limiter.
  POST: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "wallet:read",
      permission: "read",
      body: validateCouponSchema,
      response: couponValidation,
    },
    async ({ db, principal, body }) =>
      presentCouponValidation(await validateCoupon(db, { accountId: principal.accountId, ...body })),
  ),
});
