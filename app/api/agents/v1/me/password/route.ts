// PATCH /api/agents/v1/me/password — change the password (needs current_password; mails a notice)
import { changePassword } from "@/lib/accounts/change-password";
import { changePasswordBody } from "@/lib/accounts/schemas";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  PATCH: agentRoute(
    {
      auth: true,
      limiter: "general",
      ipLimiters: ["authIp"],
      scope: "profile:write",
      body: changePasswordBody,
    },
    ({ db, principal, body }) =>
      changePassword(db, {
        userId: principal.userId,
        currentTokenId: Number(principal.tokenId),
        currentPassword: body.current_password,
        password: body.password,
        revokeOtherTokens: body.revoke_other_tokens ?? false,
      }),
  ),
});
