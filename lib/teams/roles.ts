/**
 * Who may hand out or take away which role. The permission table (lib/auth/permissions.ts) says who
 * may manage members at all; these rules add what it cannot express: only an owner grants, changes
 * or removes the owner role, and a team never loses its last owner.
 */
import type { MemberRole } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";

export const MEMBER_ROLES = ["owner", "admin", "member", "viewer"] as const satisfies readonly MemberRole[];

/** 403 unless `actor` may give someone the role `role` (an admin never hands out `owner`). */
export function assertMayGrant(actor: MemberRole, role: MemberRole): void {
  if (role === "owner" && actor !== "owner") {
    throw new AppError("forbidden", "Only an owner can make someone an owner.", {
      details: { role: actor, requested_role: role },
    });
  }
}

/** 403 unless `actor` may change or remove someone whose role is `target` (an admin never touches an owner). */
export function assertMayManage(actor: MemberRole, target: MemberRole): void {
  if (target === "owner" && actor !== "owner") {
    throw new AppError("forbidden", "Only an owner can change or remove an owner.", {
      details: { role: actor, member_role: target },
    });
  }
}

export function lastOwnerError(): AppError {
  return new AppError("conflict", "This is the team's last owner: make someone else an owner first.", {
    details: { reason: "last_owner" },
  });
}
