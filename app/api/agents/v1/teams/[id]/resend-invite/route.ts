// POST /api/agents/v1/teams/{id}/resend-invite — email a pending invitation again (and renew its week)

import { z } from "zod";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { integerId } from "@/lib/http/params";
import { teamMember } from "@/lib/http/present/schemas/teams";
import { presentMember } from "@/lib/http/present/teams";
import { resendInvitation } from "@/lib/teams/invite-member";

const params = z.object({ id: integerId("Team member") });

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    {
      auth: true,
      params,
      limiter: "general",
      scope: "teams:write",
      permission: "manage_members",
      response: teamMember,
      // rate_limited (the door's own code) also answers a resend within a minute of the last.
      errors: ["conflict"],
    },
    async ({ db, principal, params }) =>
      presentMember(
        await resendInvitation(db, {
          accountId: principal.accountId,
          actor: { userId: principal.userId, role: principal.role },
          id: params.id,
        }),
      ),
  ),
});
