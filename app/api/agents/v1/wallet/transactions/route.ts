// GET /api/agents/v1/wallet/transactions — ledger entries, newest first (offset or cursor paging)
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { transactionsPage } from "@/lib/http/present/schemas/wallet";
import { presentTransactionsPage } from "@/lib/http/present/wallet";
import { listTransactions } from "@/lib/wallet/queries";
import { transactionsQuerySchema } from "@/lib/wallet/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "wallet:read",
      permission: "read",
      query: transactionsQuerySchema,
      response: transactionsPage,
    },
    async ({ db, principal, query }) =>
      presentTransactionsPage(await listTransactions(db, { accountId: principal.accountId, ...query })),
  ),
});
