/** Response schemas of /teams* and /auth/switch-account (presenter: ../teams.ts). */
import { z } from "zod";
import { PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import { MEMBER_ROLES } from "@/lib/teams/roles";
import { issuedToken } from "./auth";
import { isoDate, nullableIso } from "./common";

const role = z.enum(MEMBER_ROLES);

export const teamMember = z.object({
  id: z.number().int().describe("The member id: GET|PUT|DELETE /teams/{id}, team_member_id."),
  name: z.string().nullable().describe("Null for an invitee who has not joined yet."),
  email: z.string(),
  role,
  status: z.enum(["pending", "active"]),
  invite_status: z.enum(["pending", "accepted"]),
  permissions: z
    .array(z.enum(Object.keys(PERMISSIONS) as [Permission, ...Permission[]]))
    .describe("What the role may do in this account."),
  invite_id: z.string().nullable().describe("The invitation to accept, while it is pending."),
  invited_at: isoDate,
  joined_at: nullableIso,
  invite_expires_at: nullableIso,
});

export const acceptedInvitation = z.object({
  team: z.object({ id: z.string(), username: z.string(), name: z.string() }),
  member: teamMember,
  already_member: z.boolean(),
  message: z.string(),
});

export const removedMember = z.object({
  id: z.number().int(),
  removed: z.literal(true),
  revoked_tokens: z.number().int(),
  deleted_api_keys: z.number().int(),
  message: z.string(),
});

const actingAccount = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  kind: z.enum(["personal", "team"]),
  role,
});

export const switchedAccount = z.object({
  ...issuedToken,
  token: z.string().describe("Alias of access_token (the official CLI's name)."),
  account: actingAccount,
  acting_account: actingAccount.describe("The account the new token acts for."),
});
