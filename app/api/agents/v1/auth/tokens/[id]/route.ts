// DELETE /api/agents/v1/auth/tokens/{id} — revoke one of the user's tokens (404 for anyone else's)
import { z } from "zod";
import { revokeAccessToken } from "@/lib/auth/revoke-access-tokens";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { integerId } from "@/lib/http/params";
import { revokedTokenResponse } from "@/lib/http/present/schemas/auth";

const params = z.object({ id: integerId("Access token") });

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  DELETE: agentRoute(
    { auth: true, params, limiter: "general", scope: "tokens:write", response: revokedTokenResponse },
    async ({ db, principal, params }) => {
      const { id } = params;
      await revokeAccessToken(db, { userId: principal.userId, tokenId: id });
      return { id, revoked: true, message: "Token revoked." };
    },
  ),
});
