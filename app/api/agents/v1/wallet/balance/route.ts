// GET /api/agents/v1/wallet/balance — the acting account's balance
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentWalletSummary } from "@/lib/http/present/wallet";
import { ensureWallet } from "@/lib/wallet/ledger";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    { auth: true, limiter: "general", scope: "wallet:read", permission: "read" },
    async ({ db, principal }) => presentWalletSummary(await ensureWallet(db, principal.accountId)),
  ),
});
