// POST /api/agents/v1/auth/logout — revoke the calling token (never scope-gated)
import { revokeAccessToken } from "@/lib/auth/revoke-access-tokens";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { revokedTokensResponse } from "@/lib/http/present/schemas/auth";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    { auth: true, limiter: "general", response: revokedTokensResponse },
    async ({ db, principal }) => {
      await revokeAccessToken(db, { userId: principal.userId, tokenId: Number(principal.tokenId) });
      return { message: "Logged out. This token no longer works.", revoked_tokens: 1 };
    },
  ),
});
