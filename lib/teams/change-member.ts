/**
 * `PUT /teams/{id}` and `DELETE /teams/{id}`. The membership row is what every token and API key of
 * the member joins on each request, so a new role applies to their very next request; removal
 * also revokes their tokens and deletes their keys in this team, so nothing of theirs keeps
 * spending the team's wallet even if they are invited again later.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/audit-log";
import type { MemberRole } from "@/lib/auth/principal";
import { forgetAccountMember } from "@/lib/auth/token-cache";
import type { Db, DbOrTx } from "@/lib/db/client";
import { accessTokens, apiKeys, memberships, teamMembers } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { Actor } from "./invite-member";
import { assertMayGrant, assertMayManage, lastOwnerError } from "./roles";
import { getRosterEntry, lockTeam, ownerCount, personalAccountOf, type RosterEntry } from "./roster";

/** A personal account's holder stays its owner, whatever else the account has become. */
async function assertNotHolder(tx: DbOrTx, entry: RosterEntry, doing: string): Promise<void> {
  if (entry.userId && (await personalAccountOf(tx, entry.userId)) === entry.accountId) {
    throw new AppError(
      "conflict",
      `This team is ${entry.email}'s personal account: its holder cannot be ${doing}.`,
      { details: { reason: "account_holder", member_id: entry.id } },
    );
  }
}

export async function changeMemberRole(
  db: Db,
  input: { accountId: string; actor: Actor; id: number; role: MemberRole },
): Promise<RosterEntry> {
  const changed = await db.transaction(async (tx) => {
    await lockTeam(tx, input.accountId);
    const entry = await getRosterEntry(tx, input);
    if (entry.role === input.role) return null;
    assertMayManage(input.actor.role, entry.role);
    assertMayGrant(input.actor.role, input.role);
    if (entry.status === "active" && entry.role === "owner") {
      await assertNotHolder(tx, entry, "demoted");
      if ((await ownerCount(tx, input.accountId)) <= 1) throw lastOwnerError();
    }
    await tx.update(teamMembers).set({ role: input.role }).where(eq(teamMembers.id, entry.id));
    if (entry.userId) {
      await tx
        .update(memberships)
        .set({ role: input.role })
        .where(and(eq(memberships.accountId, input.accountId), eq(memberships.userId, entry.userId)));
    }
    await recordAudit(tx, {
      accountId: input.accountId,
      action: "member.role_changed",
      targetType: "team_member",
      targetId: String(entry.id),
      data: { email: entry.email, from: entry.role, to: input.role, status: entry.status },
    });
    return entry;
  });
  // After the commit: the member's remembered tokens (lib/auth/token-cache.ts) carry the old role.
  if (changed?.userId) await forgetAccountMember(input.accountId, changed.userId);
  return getRosterEntry(db, input);
}

export interface RemovedMember {
  entry: RosterEntry;
  revokedTokens: number;
  deletedApiKeys: number;
}

export async function removeMember(
  db: Db,
  input: { accountId: string; actor: Actor; id: number },
): Promise<RemovedMember> {
  const removed = await db.transaction(async (tx) => {
    await lockTeam(tx, input.accountId);
    const entry = await getRosterEntry(tx, input);
    assertMayManage(input.actor.role, entry.role);
    await assertNotHolder(tx, entry, "removed");
    if (entry.status === "active" && entry.role === "owner" && (await ownerCount(tx, input.accountId)) <= 1) {
      throw lastOwnerError();
    }
    await tx.delete(teamMembers).where(eq(teamMembers.id, entry.id));
    let revokedTokens = 0;
    let deletedApiKeys = 0;
    if (entry.userId) {
      const member = and(eq(memberships.accountId, input.accountId), eq(memberships.userId, entry.userId));
      await tx.delete(memberships).where(member);
      revokedTokens = (
        await tx
          .update(accessTokens)
          .set({ revokedAt: sql`now()` })
          .where(
            and(
              eq(accessTokens.accountId, input.accountId),
              eq(accessTokens.userId, entry.userId),
              isNull(accessTokens.revokedAt),
            ),
          )
          .returning({ id: accessTokens.id })
      ).length;
      deletedApiKeys = (
        await tx
          .update(apiKeys)
          .set({ deletedAt: sql`now()`, updatedAt: sql`now()` })
          .where(
            and(
              eq(apiKeys.accountId, input.accountId),
              eq(apiKeys.userId, entry.userId),
              isNull(apiKeys.deletedAt),
            ),
          )
          .returning({ id: apiKeys.id })
      ).length;
    }
    await recordAudit(tx, {
      accountId: input.accountId,
      action: "member.removed",
      targetType: "team_member",
      targetId: String(entry.id),
      data: {
        email: entry.email,
        role: entry.role,
        status: entry.status,
        revoked_tokens: revokedTokens,
        deleted_api_keys: deletedApiKeys,
      },
    });
    return { entry, revokedTokens, deletedApiKeys };
  });
  // After the commit: the member's remembered tokens (lib/auth/token-cache.ts) must not outlive it.
  if (removed.entry.userId) await forgetAccountMember(input.accountId, removed.entry.userId);
  return removed;
}

/**
 * `PUT /teams/{id}`: a new role; `invite_status` may only restate the entry's state (an invitation
 * is accepted by its invitee alone, and a member cannot be turned back into an invitation).
 */
export async function updateMember(
  db: Db,
  input: {
    accountId: string;
    actor: Actor;
    id: number;
    role?: MemberRole | undefined;
    inviteStatus?: "pending" | "accepted" | undefined;
  },
): Promise<RosterEntry> {
  const entry = await getRosterEntry(db, input);
  if (input.inviteStatus !== undefined) {
    const current = entry.status === "active" ? "accepted" : "pending";
    if (input.inviteStatus !== current) {
      throw new AppError(
        "conflict",
        current === "pending"
          ? "Only the invitee can accept an invitation (POST /teams/invitations/{invite_id}/accept)."
          : "This member already joined; remove them (DELETE /teams/{id}) and invite them again instead.",
        { details: { invite_status: current } },
      );
    }
  }
  if (input.role === undefined) return entry;
  return changeMemberRole(db, {
    accountId: input.accountId,
    actor: input.actor,
    id: input.id,
    role: input.role,
  });
}
