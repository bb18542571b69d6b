// GET|PATCH /api/agents/v1/me — the profile (with preferences and wallet summary); PATCH updates name, username, about_me

import { updateProfileBody } from "@/lib/accounts/schemas";
import { updateProfile } from "@/lib/accounts/update-profile";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentProfile } from "@/lib/http/present/profile";
import { profileResponse } from "@/lib/http/present/schemas/profile";
import { getProfile } from "@/lib/profile/profile";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    { auth: true, limiter: "general", scope: "profile:read", response: profileResponse },
    async ({ db, principal }) => presentProfile(await getProfile(db, principal)),
  ),
  PATCH: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "profile:write",
      body: updateProfileBody,
      response: profileResponse,
      errors: ["conflict"],
    },
    async ({ db, principal, body }) => {
      await updateProfile(db, { userId: principal.userId, ...body });
      return presentProfile(await getProfile(db, principal));
    },
  ),
});
