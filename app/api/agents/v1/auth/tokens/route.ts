// GET /api/agents/v1/auth/tokens — the user's active access tokens (metadata only, never secrets)
import { z } from "zod";
import { listAccessTokens } from "@/lib/auth/list-access-tokens";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentAccessToken } from "@/lib/http/present/auth";
import { accessTokenRow } from "@/lib/http/present/schemas/auth";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    { auth: true, limiter: "general", scope: "tokens:read", response: z.array(accessTokenRow) },
    async ({ db, principal }) =>
      (
        await listAccessTokens(db, { userId: principal.userId, currentTokenId: Number(principal.tokenId) })
      ).map(presentAccessToken),
  ),
});
