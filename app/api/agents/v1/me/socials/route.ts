// PATCH /api/agents/v1/me/socials — social links (null or "" removes one)

import { updateSocialsBody } from "@/lib/accounts/schemas";
import { updateSocials } from "@/lib/accounts/update-socials";
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
      body: updateSocialsBody,
      response: profileResponse,
    },
    async ({ db, principal, body }) => {
      await updateSocials(db, { userId: principal.userId, socials: body });
      return presentProfile(await getProfile(db, principal));
    },
  ),
});
