// POST /api/agents/v1/auth/refresh — rotate the calling token: it is revoked, a successor is issued that expires no later
import { refreshAccessToken } from "@/lib/auth/refresh-access-token";
import { refreshBody } from "@/lib/auth/schemas";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentIssuedToken } from "@/lib/http/present/auth";
import { refreshResponse } from "@/lib/http/present/schemas/auth";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    { auth: true, limiter: "general", body: refreshBody, response: refreshResponse },
    async ({ db, body, principal }) => {
      const token = await refreshAccessToken(db, {
        tokenId: Number(principal.tokenId),
        expiry: body.tokenExpiry,
        deviceName: body.deviceName,
      });
      return {
        message:
          "Token refreshed. The previous token no longer works. A refresh never moves the expiry later than the previous token's; sign in again for a longer-lived token.",
        ...presentIssuedToken(token),
      };
    },
  ),
});
