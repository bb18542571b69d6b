// PATCH /api/agents/v1/me/preferences — nsfw_content, wallet_notification_enabled, wallet_notification_threshold (USD)

import { updatePreferencesBody } from "@/lib/accounts/schemas";
import { updatePreferences } from "@/lib/accounts/update-preferences";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentProfile } from "@/lib/http/present/profile";
import { profileResponse } from "@/lib/http/present/schemas/profile";
import { getProfile } from "@/lib/profile/profile";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  PATCH: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "profile:write",
      body: updatePreferencesBody,
      response: profileResponse,
    },
    async ({ db, principal, body }) => {
      await updatePreferences(db, { userId: principal.userId, ...body });
      return presentProfile(await getProfile(db, principal));
    },
  ),
});
