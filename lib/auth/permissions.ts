/**
 * What each role of an account may do (README "Roles and permissions" renders this table). A
 * personal account has one member, its owner, so the table only bites in teams. Approval policy is
 * separate: a member's permitted request may still be held for an admin (lib/approvals).
 */
import { AppError } from "@/lib/errors";
import type { MemberRole, Principal } from "./principal";

export const PERMISSIONS = {
  /** Read the account: wallet, billing, subscriptions, usage, members, keys list. */
  read: ["owner", "admin", "member", "viewer"],
  /** Top up the wallet, redeem coupons. */
  fund: ["owner", "admin", "member"],
  /** Create, change, pause, resume or cancel subscriptions. */
  subscribe: ["owner", "admin", "member"],
  /** Add, remove, choose the default card; billing details and auto-funding. */
  manage_billing: ["owner", "admin"],
  /** Create API keys (and manage the ones the caller created). */
  create_keys: ["owner", "admin", "member"],
  /** Update or delete any API key of the account. */
  manage_keys: ["owner", "admin"],
  /** Spend through the generation API. */
  generate: ["owner", "admin", "member"],
  /** Invite, remove members and change roles (an admin cannot touch an owner). */
  manage_members: ["owner", "admin"],
  /** Set the approval policy; approve or reject held requests; read the audit log. */
  manage_policy: ["owner", "admin"],
} as const satisfies Record<string, readonly MemberRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: MemberRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly MemberRole[]).includes(role);
}

/** 403 forbidden when the caller's role in the acting account lacks `permission`. */
export function requirePermission(principal: Pick<Principal, "role">, permission: Permission): void {
  if (!can(principal.role, permission)) {
    throw new AppError(
      "forbidden",
      `Your role in this account (${principal.role}) does not allow this (${permission}). Ask an owner or admin.`,
      { details: { required_permission: permission, role: principal.role } },
    );
  }
}
