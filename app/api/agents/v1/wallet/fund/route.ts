// POST /api/agents/v1/wallet/fund — charge a card now (200 / 402 / 202), or get a Checkout link

import { env } from "@/lib/env";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { fundResponses } from "@/lib/http/present/schemas/wallet";
import { fundRequest } from "@/lib/http/spending-requests";
import { fundBodySchema } from "@/lib/wallet/schemas";

const body = fundBodySchema({ min: () => env().fund.minUsd, max: () => env().fund.maxUsd });

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    {
      auth: true,
      limiter: "billing",
      scope: "wallet:write",
      permission: "fund",
      body,
      idempotent: true,
      response: fundResponses,
      errors: ["payment_declined", "payment_provider_error", "account_suspended", "not_found", "conflict"],
    },
    async ({ body, ...ctx }) => fundRequest(ctx, body),
  ),
});
