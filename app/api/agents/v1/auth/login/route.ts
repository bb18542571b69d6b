// POST /api/agents/v1/auth/login — password sign-in → access_token (+ the default api_key when this login created it)

import { loginBody } from "@/lib/auth/schemas";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentSignIn } from "@/lib/http/present/auth";
import { login } from "@/lib/sign-in/login";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    { auth: false, limiter: "auth", ipLimiters: ["authIp"], body: loginBody },
    async ({ db, body }) =>
      presentSignIn(
        await login(db, {
          email: body.email,
          password: body.password,
          expiry: body.tokenExpiry,
          deviceName: body.deviceName ?? "agent-control-plane",
          scopes: body.scopes,
        }),
      ),
  ),
});
