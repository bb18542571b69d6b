// POST /api/agents/v1/auth/logout-all — revoke every access token of the user, the calling one included
import { revokeUserTokens } from "@/lib/auth/revoke-access-tokens";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { revokedTokensResponse } from "@/lib/http/present/schemas/auth";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    { auth: true, limiter: "general", scope: "tokens:write", response: revokedTokensResponse },
    async ({ db, principal }) => {
      const revoked = await revokeUserTokens(db, { userId: principal.userId });
      return { message: "Logged out everywhere. Every access token was revoked.", revoked_tokens: revoked };
    },
  ),
});
