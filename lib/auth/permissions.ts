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
  /** Top up the wallet (card, payment link, Checkout), redeem coupons. */
  fund: ["owner", "admin", "member"],
  /** Create, change, pause, resume or cancel subscriptions. */
  subscribe: ["owner", "admin", "member"],
  /** Add, remove, choose the default card; billing details, auto-funding and withdrawals. */
  manage_billing: ["owner", "admin"],
  /** Create API keys. */
  create_keys: ["owner", "admin", "member"],
  /** Rename or delete the account's API keys. */
  manage_keys: ["owner", "admin"],
  /** Spend through the generation API. */
  generate: ["owner", "admin", "member"],
  /** Invite, remove members and change roles (an admin cannot touch an owner). */
  manage_members: ["owner", "admin"],
  /** Set the approval policy; approve or reject held requests; read the audit log. */
  manage_policy: ["owner", "admin"],
} as const satisfies Record<string, readonly MemberRole[]>;

export type Permission = keyof typeof PERMISSIONS;

/** What each permission covers, in words (the README's table shows these). */
export const PERMISSION_DESCRIPTIONS: Record<Permission, string> = {
  read: "Read the account: wallet, transactions, billing, invoices, subscriptions, usage, members, API keys (masked)",
  fund: "Top up the wallet (card, payment link, Checkout), redeem coupons",
  subscribe: "Buy, change, pause, resume, cancel and repair subscriptions",
  manage_billing: "Add, remove and choose cards; billing details; auto-funding; withdrawals",
  create_keys: "Create API keys",
  manage_keys: "Rename and delete API keys",
  generate: "Spend through the generation API (an API key stops when its maker loses this)",
  manage_members:
    "Invite and remove members, change roles, resend invitations (only an owner touches an owner)",
  manage_policy: "Set the approval policy, approve or reject held requests, read the audit log",
};

export const ROLES = ["owner", "admin", "member", "viewer"] as const satisfies readonly MemberRole[];

/** The README's "Roles and permissions" table, rendered from PERMISSIONS (a test keeps them equal). */
export function permissionTableMarkdown(): string {
  const header = `| Permission | What it allows | ${ROLES.join(" | ")} |`;
  const rule = `|---|---|${ROLES.map(() => ":-:").join("|")}|`;
  const rows = (Object.keys(PERMISSIONS) as Permission[]).map(
    (p) =>
      `| \`${p}\` | ${PERMISSION_DESCRIPTIONS[p]} | ${ROLES.map((r) => (can(r, p) ? "✓" : "—")).join(" | ")} |`,
  );
  return [header, rule, ...rows].join("\n");
}

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
