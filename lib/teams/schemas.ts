/** Request bodies of /teams* and /auth/switch-account. */
import { z } from "zod";
import { PERMISSIONS } from "@/lib/auth/permissions";
import { emailField, scopesField, tokenOptions, withTokenOptions } from "@/lib/auth/schemas";
import { MEMBER_ROLES } from "./roles";

const roleField = z.enum(MEMBER_ROLES, { error: `must be one of ${MEMBER_ROLES.join(", ")}` });
const permissionNames = Object.keys(PERMISSIONS) as [
  keyof typeof PERMISSIONS,
  ...(keyof typeof PERMISSIONS)[],
];

export const inviteBody = z.object({
  email: emailField,
  role: roleField.default("member"),
});

/**
 * `PUT /teams/{id}`. The reference also names `permissions` and `invite_status`: permissions here
 * follow the role (the README's table), so a `permissions` list is checked and otherwise ignored;
 * `invite_status` can only restate the invitation's state (only the invitee accepts).
 */
export const updateMemberBody = z
  .object({
    role: roleField.optional(),
    permissions: z
      .array(z.enum(permissionNames, { error: `must be one of ${permissionNames.join(", ")}` }))
      .max(permissionNames.length)
      .optional(),
    invite_status: z.enum(["pending", "accepted"], { error: "must be pending or accepted" }).optional(),
  })
  .refine((v) => v.role !== undefined || v.permissions !== undefined || v.invite_status !== undefined, {
    error: "send at least one of role, permissions, invite_status",
  });

const memberIdField = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d{1,15}$/, { error: "must be a member id (an integer)" }),
  ])
  .transform(Number)
  .pipe(z.number().int({ error: "must be an integer" }).positive({ error: "must be positive" }));

export const switchAccountBody = z
  .object({
    team_member_id: memberIdField.optional(),
    account_username: z.string().trim().min(1, { error: "must not be empty" }).max(100).optional(),
    scopes: scopesField.optional(),
    ...tokenOptions,
  })
  .refine((v) => v.team_member_id === undefined || v.account_username === undefined, {
    error: "send team_member_id or account_username, not both",
  })
  .transform(withTokenOptions);
