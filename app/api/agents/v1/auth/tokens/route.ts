// GET /api/agents/v1/auth/tokens — the user's active access tokens (metadata only, never secrets)
import { listAccessTokens } from "@/lib/auth/list-access-tokens";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentAccessToken } from "@/lib/http/present/auth";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute({ auth: true, limiter: "general", scope: "tokens:read" }, async ({ db, principal }) =>
    (await listAccessTokens(db, { userId: principal.userId, currentTokenId: Number(principal.tokenId) })).map(
      presentAccessToken,
    ),
  ),
});
