// POST /api/agents/v1/auth/verify-email — consume the emailed code → access_token + default api_key

import { verifyEmailBody } from "@/lib/auth/schemas";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentSignIn, verifiedMessage } from "@/lib/http/present/auth";
import { verifyResponse } from "@/lib/http/present/schemas/auth";
import { verifyEmail } from "@/lib/sign-in/verify-email";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    {
      auth: false,
      limiter: "auth",
      body: verifyEmailBody,
      response: verifyResponse,
      errors: ["invalid_verification_code"],
    },
    async ({ db, body }) => {
      const { user, token, apiKey, passwordCleared } = await verifyEmail(db, {
        code: body.verification_code,
        email: body.email,
        issueCredentials: true,
        tokenExpiry: body.tokenExpiry,
        deviceName: body.deviceName ?? "email-verification",
      });
      return {
        message: verifiedMessage(passwordCleared),
        ...presentSignIn({ user, token: token!, apiKey }),
        ...(passwordCleared ? { password_reset_required: true } : {}),
      };
    },
  ),
});
