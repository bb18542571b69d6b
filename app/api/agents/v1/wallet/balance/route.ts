// GET /api/agents/v1/wallet/balance — the acting account's balance
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { getBalance } from "@/lib/wallet/queries";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute({ auth: true, limiter: "general", scope: "wallet:read" }, ({ db, principal }) =>
    getBalance(db, principal.accountId),
  ),
});
