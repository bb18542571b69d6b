// POST /api/agents/v1/auth/login — password sign-in → access_token (+ api_key: the default when this login created it, else the named device's own key)

import { loginBody } from "@/lib/auth/schemas";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentSignIn } from "@/lib/http/present/auth";
import { signInResponse } from "@/lib/http/present/schemas/auth";
import { login } from "@/lib/sign-in/login";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    {
      auth: false,
      limiter: "auth",
      ipLimiters: ["authIp"],
      body: loginBody,
      response: signInResponse,
      errors: ["invalid_credentials", "email_not_verified", "account_locked", "server_busy"],
    },
    async ({ db, body }) =>
      presentSignIn(
        await login(db, {
          email: body.email,
          password: body.password,
          expiry: body.tokenExpiry,
          deviceName: body.deviceName ?? "agent-control-plane",
          deviceKey: body.deviceName !== undefined,
          scopes: body.scopes,
        }),
      ),
  ),
});
