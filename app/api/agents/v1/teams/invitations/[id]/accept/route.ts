// POST /api/agents/v1/teams/invitations/{id}/accept — the invitee (their own token, the invited address) joins the team

import { z } from "zod";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { acceptedInvitation } from "@/lib/http/present/schemas/teams";
import { presentAccepted } from "@/lib/http/present/teams";
import { acceptInvitation } from "@/lib/teams/accept-invitation";

const params = z.object({ id: z.uuid({ error: "Invitation not found." }) });

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // No role permission: the invitee is not a member of the team yet, whatever account the token acts for.
  POST: agentRoute(
    {
      auth: true,
      params,
      limiter: "general",
      scope: "teams:write",
      response: acceptedInvitation,
      errors: ["invitation_expired"],
    },
    async ({ db, principal, params }) =>
      presentAccepted(await acceptInvitation(db, { inviteId: params.id, userId: principal.userId })),
  ),
});
