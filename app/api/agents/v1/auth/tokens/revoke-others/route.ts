// POST /api/agents/v1/auth/tokens/revoke-others — revoke every token of the user except the calling one
import { revokeUserTokens } from "@/lib/auth/revoke-access-tokens";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { revokedTokensResponse } from "@/lib/http/present/schemas/auth";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    { auth: true, limiter: "general", scope: "tokens:write", response: revokedTokensResponse },
    async ({ db, principal }) => {
      const revoked = await revokeUserTokens(db, {
        userId: principal.userId,
        exceptTokenId: Number(principal.tokenId),
      });
      return { message: "Every other access token was revoked.", revoked_tokens: revoked };
    },
  ),
});
