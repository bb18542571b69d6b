// PATCH /api/agents/v1/me/password — change the password (needs current_password; mails a notice)

import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentPasswordChanged } from "@/lib/http/present/auth";
import { revokedTokensResponse } from "@/lib/http/present/schemas/auth";
import { changePassword } from "@/lib/sign-in/change-password";
import { changePasswordBody } from "@/lib/sign-in/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  PATCH: agentRoute(
    {
      auth: true,
      limiter: "general",
      ipLimiters: ["authIp"],
      scope: "profile:write",
      body: changePasswordBody,
      response: revokedTokensResponse,
      errors: ["server_busy"],
    },
    async ({ db, principal, body }) =>
      presentPasswordChanged(
        await changePassword(db, {
          userId: principal.userId,
          currentTokenId: Number(principal.tokenId),
          currentPassword: body.current_password,
          password: body.password,
          revokeOtherTokens: body.revoke_other_tokens ?? false,
        }),
      ),
  ),
});
