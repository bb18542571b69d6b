// GET|POST /api/agents/v1/subscriptions/charge-amount — the account's paid-model charge amount ($5–$10,000)
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { chargeAmountResponse, chargeAmountSavedResponse } from "@/lib/http/present/schemas/subscriptions";
import { presentChargeAmount, presentChargeAmountSaved } from "@/lib/http/present/subscriptions";
import { getPaidModelChargeAmount, setPaidModelChargeAmount } from "@/lib/subscriptions/charge-amount";
import { chargeAmountBody } from "@/lib/subscriptions/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "subscriptions:read",
      permission: "read",
      response: chargeAmountResponse,
    },
    async ({ db, principal }) => presentChargeAmount(await getPaidModelChargeAmount(db, principal.accountId)),
  ),
  POST: agentRoute(
    {
      auth: true,
      limiter: "billing",
      scope: "subscriptions:write",
      permission: "subscribe",
      body: chargeAmountBody,
      idempotent: true,
      response: chargeAmountSavedResponse,
    },
    async ({ db, principal, body }) =>
      presentChargeAmountSaved(
        await setPaidModelChargeAmount(db, { accountId: principal.accountId, amountMinor: body.amount }),
      ),
  ),
});
