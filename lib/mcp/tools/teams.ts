/** `agent-teams`: members and invitations of the acting account (/teams*). */
import { z } from "zod";
import { presentAccepted, presentMember, presentRemoved } from "@/lib/http/present/teams";
import { reply } from "@/lib/http/replies";
import { acceptInvitation } from "@/lib/teams/accept-invitation";
import { removeMember, updateMember } from "@/lib/teams/change-member";
import { inviteMember, resendInvitation } from "@/lib/teams/invite-member";
import { getRosterEntry, listRoster } from "@/lib/teams/roster";
import { inviteBody, updateMemberBody } from "@/lib/teams/schemas";
import { action, type McpTool } from "../action";
import { integerIdArg, withArgs } from "../fields";

const memberArg = { member_id: integerIdArg("Team member") };
const manage = {
  auth: true,
  limiter: "general",
  scope: "teams:write",
  permission: "manage_members",
} as const;

export const teamsTool: McpTool = {
  name: "agent-teams",
  title: "Teams",
  description:
    "Members and pending invitations of the account this token acts for: invite by email with a role, change a role, remove, resend an invitation; accept an invitation with the invitee's own token. agent-tokens switch-account acts for a team.",
  actions: {
    list: action({
      http: "GET /teams",
      description: "Members and pending invitations.",
      auth: true,
      limiter: "general",
      scope: "teams:read",
      permission: "read",
      run: async ({ db, principal }) => (await listRoster(db, principal.accountId)).map(presentMember),
    }),
    create: action({
      ...manage,
      http: "POST /teams",
      description: "Invite email with role (admin, member by default, viewer; owner only by an owner).",
      idempotent: true,
      input: inviteBody,
      run: async ({ db, principal, input }) =>
        reply(
          presentMember(
            await inviteMember(db, {
              accountId: principal.accountId,
              actor: { userId: principal.userId, role: principal.role },
              email: input.email,
              role: input.role,
            }),
          ),
          201,
        ),
    }),
    get: action({
      http: "GET /teams/[id]",
      description: "One member or invitation (member_id).",
      auth: true,
      limiter: "general",
      scope: "teams:read",
      permission: "read",
      input: z.object(memberArg),
      run: async ({ db, principal, input }) =>
        presentMember(await getRosterEntry(db, { accountId: principal.accountId, id: input.member_id })),
    }),
    update: action({
      ...manage,
      http: "PUT /teams/[id]",
      description: "Change a member's role (member_id, role; permissions follow the role).",
      input: withArgs(memberArg, updateMemberBody),
      run: async ({ db, principal, input }) =>
        presentMember(
          await updateMember(db, {
            accountId: principal.accountId,
            actor: { userId: principal.userId, role: principal.role },
            id: input.member_id,
            role: input.role,
            inviteStatus: input.invite_status,
          }),
        ),
    }),
    delete: action({
      ...manage,
      http: "DELETE /teams/[id]",
      description: "Remove a member or withdraw an invitation (member_id).",
      input: z.object(memberArg),
      run: async ({ db, principal, input }) =>
        presentRemoved(
          await removeMember(db, {
            accountId: principal.accountId,
            actor: { userId: principal.userId, role: principal.role },
            id: input.member_id,
          }),
        ),
    }),
    "resend-invite": action({
      ...manage,
      http: "POST /teams/[id]/resend-invite",
      description: "Email a pending invitation again (member_id).",
      input: z.object(memberArg),
      run: async ({ db, principal, input }) =>
        presentMember(
          await resendInvitation(db, {
            accountId: principal.accountId,
            actor: { userId: principal.userId, role: principal.role },
            id: input.member_id,
          }),
        ),
    }),
    "accept-invite": action({
      http: "POST /teams/invitations/[id]/accept",
      description: "Join a team with the invitee's own token (invite_id, a UUID).",
      auth: true,
      limiter: "general",
      scope: "teams:write",
      input: z.object({ invite_id: z.uuid({ error: "Invitation not found." }) }),
      run: async ({ db, principal, input }) =>
        presentAccepted(await acceptInvitation(db, { inviteId: input.invite_id, userId: principal.userId })),
    }),
  },
};
