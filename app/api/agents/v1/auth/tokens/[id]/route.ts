// DELETE /api/agents/v1/auth/tokens/{id} — revoke one of the user's tokens (404 for anyone else's)
import { parseIntegerId } from "@/lib/auth/integer-id";
import { revokeAccessToken } from "@/lib/auth/revoke-access-tokens";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  DELETE: agentRoute(
    { auth: true, limiter: "general", scope: "tokens:write" },
    async ({ db, principal, params }) => {
      const id = parseIntegerId(params.id, "Access token");
      await revokeAccessToken(db, { userId: principal.userId, tokenId: id });
      return { id, revoked: true, message: "Token revoked." };
    },
  ),
});
