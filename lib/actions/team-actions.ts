"use server";
import { runAsHuman } from "./session";
// Team server actions: session check, the role's permission, then one handler (lib/actions/team-handlers.ts).
import {
  handleAcceptInvitation,
  handleChangeRole,
  handleInvite,
  handleRemoveMember,
  handleResendInvite,
  handleSwitchAccount,
} from "./team-handlers";

export async function inviteMemberAction(input: unknown) {
  return runAsHuman((ctx) => handleInvite(ctx, input), { input, permission: "manage_members" });
}

export async function changeRoleAction(input: unknown) {
  return runAsHuman((ctx) => handleChangeRole(ctx, input), { input, permission: "manage_members" });
}

export async function resendInviteAction(input: unknown) {
  return runAsHuman((ctx) => handleResendInvite(ctx, input), { input, permission: "manage_members" });
}

export async function removeMemberAction(input: unknown) {
  return runAsHuman((ctx) => handleRemoveMember(ctx, input), { input, permission: "manage_members" });
}

export async function switchAccountAction(input: unknown) {
  return runAsHuman((ctx) => handleSwitchAccount(ctx, input), { input });
}

export async function acceptInvitationAction(input: unknown) {
  return runAsHuman((ctx) => handleAcceptInvitation(ctx, input), { input });
}
