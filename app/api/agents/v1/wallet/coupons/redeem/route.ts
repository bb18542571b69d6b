// POST /api/agents/v1/wallet/coupons/redeem — credit a coupon; a bonus coupon buys credit in the same call (200, 402, or 202 for 3-D Secure)
import { agentRoute, reply } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { redeemResponses } from "@/lib/http/present/schemas/wallet";
import { presentRedeem } from "@/lib/http/present/wallet";
import { redeemCoupon } from "@/lib/wallet/coupons";
import { redeemCouponBodySchema } from "@/lib/wallet/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    {
      auth: true,
      limiter: "billing",
      scope: "wallet:write",
      permission: "fund",
      body: redeemCouponBodySchema,
      idempotent: true,
      response: redeemResponses,
      errors: ["account_suspended", "conflict", "payment_declined", "payment_provider_error"],
    },
    async ({ db, principal, body, idempotencyRecordId }) => {
      const answer = presentRedeem(
        await redeemCoupon(db, {
          accountId: principal.accountId,
          userId: principal.userId,
          ...body,
          idempotencyRecordId,
        }),
      );
      return reply(answer.body, answer.status);
    },
  ),
});
