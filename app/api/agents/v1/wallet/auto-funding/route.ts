// PUT|DELETE /api/agents/v1/wallet/auto-funding — top up the wallet automatically from the default card
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { configureAutoFunding, disableAutoFunding } from "@/lib/wallet/auto-funding";
import { autoFundingBodySchema } from "@/lib/wallet/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  PUT: agentRoute(
    { auth: true, limiter: "billing", scope: "wallet:write", body: autoFundingBodySchema, idempotent: true },
    ({ db, principal, body }) => configureAutoFunding(db, { accountId: principal.accountId, ...body }),
  ),
  DELETE: agentRoute(
    { auth: true, limiter: "billing", scope: "wallet:write", idempotent: true },
    ({ db, principal }) => disableAutoFunding(db, principal.accountId),
  ),
});
