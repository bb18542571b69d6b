// POST /api/agents/v1/teams/{id}/resend-invite — email a pending invitation again (and renew its week)

import { z } from "zod";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { integerId } from "@/lib/http/params";
import { presentMember } from "@/lib/http/present/teams";
import { resendInvitation } from "@/lib/teams/invite-member";

const params = z.object({ id: integerId("Team member") });

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    { auth: true, params, limiter: "general", scope: "teams:write", permission: "manage_members" },
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
