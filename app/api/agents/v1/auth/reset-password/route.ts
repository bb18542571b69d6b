// POST /api/agents/v1/auth/reset-password — set a new password with the emailed token; revokes every access token (and every API key with revoke_api_keys)

import { resetPasswordBody } from "@/lib/auth/schemas";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentPasswordReset } from "@/lib/http/present/auth";
import { passwordResetResponse } from "@/lib/http/present/schemas/auth";
import { resetPassword } from "@/lib/sign-in/reset-password";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    {
      auth: false,
      limiter: "auth",
      ipLimiters: ["authIp"],
      body: resetPasswordBody,
      response: passwordResetResponse,
      errors: ["invalid_reset_token", "server_busy"],
    },
    async ({ db, body }) =>
      presentPasswordReset(await resetPassword(db, { ...body, revokeApiKeys: body.revoke_api_keys })),
  ),
});
