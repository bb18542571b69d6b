/**
 * The Team page and the account switcher: invite, change a role, resend, remove (the same lib/teams
 * functions as /teams*), accept an invitation, and move the browser session to another account.
 */
import { z } from "zod";
import { switchDashboardAccount } from "@/lib/auth/dashboard-sessions";
import { notFound } from "@/lib/errors";
import { presentMember, presentRemoved } from "@/lib/http/present/teams";
import { acceptInvitation } from "@/lib/teams/accept-invitation";
import { changeMemberRole, removeMember } from "@/lib/teams/change-member";
import { inviteMember, resendInvitation } from "@/lib/teams/invite-member";
import { MEMBER_ROLES } from "@/lib/teams/roles";
import { inviteBody } from "@/lib/teams/schemas";
import { integerId } from "./fields";
import type { HumanContext } from "./session";

const actorOf = (human: HumanContext["human"]) => ({ userId: human.userId, role: human.role });
const memberId = z.object({ id: integerId });

export async function handleInvite({ db, human }: HumanContext, input: unknown) {
  const body = inviteBody.parse(input);
  return presentMember(
    await inviteMember(db, {
      accountId: human.accountId,
      actor: actorOf(human),
      email: body.email,
      role: body.role,
    }),
  );
}

export async function handleChangeRole({ db, human }: HumanContext, input: unknown) {
  const body = z
    .object({
      id: integerId,
      role: z.enum(MEMBER_ROLES, { error: `must be one of ${MEMBER_ROLES.join(", ")}` }),
    })
    .parse(input);
  return presentMember(
    await changeMemberRole(db, {
      accountId: human.accountId,
      actor: actorOf(human),
      id: body.id,
      role: body.role,
    }),
  );
}

export async function handleResendInvite({ db, human }: HumanContext, input: unknown) {
  const { id } = memberId.parse(input);
  return presentMember(await resendInvitation(db, { accountId: human.accountId, actor: actorOf(human), id }));
}

export async function handleRemoveMember({ db, human }: HumanContext, input: unknown) {
  const { id } = memberId.parse(input);
  return presentRemoved(await removeMember(db, { accountId: human.accountId, actor: actorOf(human), id }));
}

/** The switcher: the browser session acts for `account_id` (one of the person's accounts) from now on. */
export async function handleSwitchAccount({ db, human }: HumanContext, input: unknown) {
  const { account_id } = z.object({ account_id: z.string().trim().max(64) }).parse(input);
  const switched = await switchDashboardAccount(db, {
    sessionId: human.sessionId,
    userId: human.userId,
    accountId: account_id,
  });
  if (!switched) throw notFound("Account");
  return { accountId: switched };
}

/** Accepts an invitation addressed to the signed-in person, then acts for the team at once. */
export async function handleAcceptInvitation({ db, human }: HumanContext, input: unknown) {
  const { invite_id } = z.object({ invite_id: z.uuid({ error: "Invitation not found." }) }).parse(input);
  const accepted = await acceptInvitation(db, { inviteId: invite_id, userId: human.userId });
  await switchDashboardAccount(db, {
    sessionId: human.sessionId,
    userId: human.userId,
    accountId: accepted.account.id,
  });
  return { accountId: accepted.account.id, teamName: accepted.account.name, role: accepted.entry.role };
}
