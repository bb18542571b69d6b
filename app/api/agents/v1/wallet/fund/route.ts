// POST /api/agents/v1/wallet/fund — charge a card now (200 / 402 / 202), or get a Checkout link

import { startFundingCheckout } from "@/lib/checkout/funding-link";
import { env } from "@/lib/env";
import { agentRoute, reply } from "@/lib/http";
import { holdForApproval } from "@/lib/http/approvals";
import { methods } from "@/lib/http/methods";
import { presentFundingCheckout } from "@/lib/http/present/checkout";
import { presentFund } from "@/lib/http/present/wallet";
import { fundWallet } from "@/lib/wallet/fund-wallet";
import { fundBodySchema } from "@/lib/wallet/schemas";

const body = fundBodySchema({ min: () => env().fund.minUsd, max: () => env().fund.maxUsd });

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    { auth: true, limiter: "billing", scope: "wallet:write", permission: "fund", body, idempotent: true },
    async ({ db, principal, body, idempotencyRecordId, request }) => {
      const held = await holdForApproval(
        { db, principal, request },
        {
          kind: "fund",
          amountMinor: body.amount,
          paymentMethodId: body.payment_method_id,
        },
      );
      if (held) return held;
      if (!body.payment_method_id) {
        return reply(
          presentFundingCheckout(
            await startFundingCheckout(db, {
              accountId: principal.accountId,
              userId: principal.userId,
              amountMinor: body.amount,
              idempotencyRecordId,
            }),
          ),
        );
      }
      const answer = presentFund(
        await fundWallet(db, {
          accountId: principal.accountId,
          userId: principal.userId,
          actorKind: "agent",
          amountMinor: body.amount,
          paymentMethodId: body.payment_method_id,
          idempotencyRecordId,
        }),
      );
      return reply(answer.body, answer.status);
    },
  ),
});
