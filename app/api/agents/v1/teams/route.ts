// GET|POST /api/agents/v1/teams — the acting account's members and pending invitations; invite by email

import { z } from "zod";
import { agentRoute, reply } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { teamMember } from "@/lib/http/present/schemas/teams";
import { presentMember } from "@/lib/http/present/teams";
import { inviteMember } from "@/lib/teams/invite-member";
import { listRoster } from "@/lib/teams/roster";
import { inviteBody } from "@/lib/teams/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "teams:read",
      permission: "read",
      response: z.array(teamMember),
    },
    async ({ db, principal }) => (await listRoster(db, principal.accountId)).map(presentMember),
  ),
  POST: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "teams:write",
      permission: "manage_members",
      body: inviteBody,
      idempotent: true,
      response: { 201: teamMember },
      errors: ["conflict"],
    },
    async ({ db, principal, body }) =>
      reply(
        presentMember(
          await inviteMember(db, {
            accountId: principal.accountId,
            actor: { userId: principal.userId, role: principal.role },
            email: body.email,
            role: body.role,
          }),
        ),
        201,
      ),
  ),
});
