/** `agent-tokens`: the user's access tokens (/auth/tokens*). */
import { z } from "zod";
import { listAccessTokens } from "@/lib/auth/list-access-tokens";
import { revokeAccessToken, revokeUserTokens } from "@/lib/auth/revoke-access-tokens";
import { presentAccessToken } from "@/lib/http/present/auth";
import { action, type McpTool } from "../action";
import { integerIdArg } from "../fields";

export const tokensTool: McpTool = {
  name: "agent-tokens",
  title: "Access tokens",
  description:
    "List the user's access tokens (metadata, never secrets), revoke one, or revoke all but this one.",
  actions: {
    list: action({
      http: "GET /auth/tokens",
      description: "The user's active access tokens.",
      auth: true,
      limiter: "general",
      scope: "tokens:read",
      run: async ({ db, principal }) =>
        (
          await listAccessTokens(db, { userId: principal.userId, currentTokenId: Number(principal.tokenId) })
        ).map(presentAccessToken),
    }),
    revoke: action({
      http: "DELETE /auth/tokens/[id]",
      description: "Revoke one token (token_id).",
      auth: true,
      limiter: "general",
      scope: "tokens:write",
      input: z.object({ token_id: integerIdArg("Access token") }),
      run: async ({ db, principal, input }) => {
        await revokeAccessToken(db, { userId: principal.userId, tokenId: input.token_id });
        return { id: input.token_id, revoked: true, message: "Token revoked." };
      },
    }),
    "revoke-others": action({
      http: "POST /auth/tokens/revoke-others",
      description: "Revoke every token of the user except this one.",
      auth: true,
      limiter: "general",
      scope: "tokens:write",
      run: async ({ db, principal }) => {
        const revoked = await revokeUserTokens(db, {
          userId: principal.userId,
          exceptTokenId: Number(principal.tokenId),
        });
        return { message: "Every other access token was revoked.", revoked_tokens: revoked };
      },
    }),
  },
};
