// PUT|DELETE /api/agents/v1/wallet/auto-funding — top up the wallet automatically from the default card
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { autoFundingConfigured, autoFundingDisabled } from "@/lib/http/present/schemas/wallet";
import { presentAutoFunding } from "@/lib/http/present/wallet";
import { configureAutoFunding, disableAutoFunding } from "@/lib/wallet/auto-funding";
import { autoFundingBodySchema } from "@/lib/wallet/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  PUT: agentRoute(
    {
      auth: true,
      limiter: "billing",
      scope: "wallet:write",
      permission: "manage_billing",
      body: autoFundingBodySchema,
      idempotent: true,
      response: autoFundingConfigured,
      errors: ["conflict"],
    },
    async ({ db, principal, body }) => {
      const { settings, card } = await configureAutoFunding(db, { accountId: principal.accountId, ...body });
      return {
        auto_funding: presentAutoFunding(settings),
        payment_method: { id: card.id, brand: card.brand, last4: card.last4 },
      };
    },
  ),
  DELETE: agentRoute(
    {
      auth: true,
      limiter: "billing",
      scope: "wallet:write",
      permission: "manage_billing",
      idempotent: true,
      response: autoFundingDisabled,
    },
    async ({ db, principal }) => ({
      auto_funding: presentAutoFunding(await disableAutoFunding(db, principal.accountId)),
    }),
  ),
});
