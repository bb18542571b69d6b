// POST /api/agents/v1/wallet/withdraw — resellers only
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { withdrawalResponse } from "@/lib/http/present/schemas/wallet";
import { presentWithdrawal } from "@/lib/http/present/wallet";
import { withdrawBodySchema } from "@/lib/wallet/schemas";
import { withdraw } from "@/lib/wallet/withdraw";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    {
      auth: true,
      limiter: "billing",
      scope: "wallet:write",
      permission: "manage_billing",
      body: withdrawBodySchema,
      idempotent: true,
      response: withdrawalResponse,
      errors: ["reseller_only", "insufficient_balance", "account_suspended"],
    },
    async ({ db, principal, body, idempotencyRecordId }) =>
      presentWithdrawal(
        await withdraw(db, {
          accountId: principal.accountId,
          userId: principal.userId,
          amountMinor: body.amount,
          idempotencyRecordId,
        }),
      ),
  ),
});
