/** `/teams*` and `/auth/switch-account` answers: the contract's field names, ISO dates. */
import { PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import type { MemberRole } from "@/lib/auth/principal";
import type { AcceptedInvitation } from "@/lib/teams/accept-invitation";
import type { RemovedMember } from "@/lib/teams/change-member";
import type { RosterEntry } from "@/lib/teams/roster";
import type { ActingAccount, SwitchedAccount } from "@/lib/teams/switch-account";
import { presentIssuedToken } from "./auth";

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const permissionsOf = (role: MemberRole): Permission[] =>
  (Object.keys(PERMISSIONS) as Permission[]).filter((p) =>
    (PERMISSIONS[p] as readonly string[]).includes(role),
  );

/** One row of `GET /teams` (and every single-member answer). */
export function presentMember(entry: RosterEntry) {
  return {
    id: entry.id,
    name: entry.name,
    email: entry.email,
    role: entry.role,
    status: entry.status,
    invite_status: entry.status === "active" ? ("accepted" as const) : ("pending" as const),
    permissions: permissionsOf(entry.role),
    invite_id: entry.status === "pending" ? entry.inviteId : null,
    invited_at: iso(entry.invitedAt),
    joined_at: iso(entry.joinedAt),
    invite_expires_at: entry.status === "pending" ? iso(entry.inviteExpiresAt) : null,
  };
}

export function presentActingAccount(account: ActingAccount) {
  return {
    id: account.id,
    username: account.username,
    name: account.name,
    kind: account.kind,
    role: account.role,
  };
}

export function presentAccepted(accepted: AcceptedInvitation) {
  return {
    team: { id: accepted.account.id, username: accepted.account.username, name: accepted.account.name },
    member: presentMember(accepted.entry),
    already_member: accepted.alreadyMember,
    message: `You are a member of ${accepted.account.name} (${accepted.entry.role}). Act for it with POST /auth/switch-account {"account_username": "${accepted.account.username}"}.`,
  };
}

export function presentRemoved(removed: RemovedMember) {
  return {
    id: removed.entry.id,
    removed: true,
    revoked_tokens: removed.revokedTokens,
    deleted_api_keys: removed.deletedApiKeys,
    message:
      removed.entry.status === "pending"
        ? "Invitation cancelled."
        : "Member removed. Their tokens and API keys for this team no longer work.",
  };
}

/** The token as both `access_token` (docs, MCP) and `token` (CLI). */
export function presentSwitched(switched: SwitchedAccount) {
  const acting = presentActingAccount(switched.account);
  return {
    ...presentIssuedToken(switched.token),
    token: switched.token.plaintext,
    account: acting,
    acting_account: acting,
  };
}
