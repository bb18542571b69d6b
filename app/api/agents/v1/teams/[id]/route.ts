// GET|PUT|DELETE /api/agents/v1/teams/{id} — one member or invitation of the acting account (integer id); 404 for any other account's

import { z } from "zod";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { integerId } from "@/lib/http/params";
import { removedMember, teamMember } from "@/lib/http/present/schemas/teams";
import { presentMember, presentRemoved } from "@/lib/http/present/teams";
import { removeMember, updateMember } from "@/lib/teams/change-member";
import { getRosterEntry } from "@/lib/teams/roster";
import { updateMemberBody } from "@/lib/teams/schemas";

const params = z.object({ id: integerId("Team member") });

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    { auth: true, params, limiter: "general", scope: "teams:read", permission: "read", response: teamMember },
    async ({ db, principal, params }) =>
      presentMember(await getRosterEntry(db, { accountId: principal.accountId, id: params.id })),
  ),
  PUT: agentRoute(
    {
      auth: true,
      params,
      limiter: "general",
      scope: "teams:write",
      permission: "manage_members",
      body: updateMemberBody,
      response: teamMember,
      errors: ["conflict"],
    },
    async ({ db, principal, params, body }) =>
      presentMember(
        await updateMember(db, {
          accountId: principal.accountId,
          actor: { userId: principal.userId, role: principal.role },
          id: params.id,
          role: body.role,
          inviteStatus: body.invite_status,
        }),
      ),
  ),
  DELETE: agentRoute(
    {
      auth: true,
      params,
      limiter: "general",
      scope: "teams:write",
      permission: "manage_members",
      response: removedMember,
      errors: ["conflict"],
    },
    async ({ db, principal, params }) =>
      presentRemoved(
        await removeMember(db, {
          accountId: principal.accountId,
          actor: { userId: principal.userId, role: principal.role },
          id: params.id,
        }),
      ),
  ),
});
