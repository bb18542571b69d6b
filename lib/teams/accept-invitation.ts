/**
 * `POST /teams/invitations/{id}/accept` (and the /invite page's button): the invitee, signed in with
 * the invited address, joins the team with the invited role. An invitation for someone else
 * answers 404, as an unknown one does; accepting twice is harmless.
 */
import { and, eq, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/audit-log";
import type { Db, DbOrTx } from "@/lib/db/client";
import { memberships, teamMembers, users } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { getRosterEntry, lockTeam, type RosterEntry, teamAccount } from "./roster";

export interface AcceptedInvitation {
  entry: RosterEntry;
  account: Awaited<ReturnType<typeof teamAccount>>;
  alreadyMember: boolean;
}

/** The pending (or accepted) invitation addressed to this user, or 404. */
export async function findInvitationFor(db: DbOrTx, input: { inviteId: string; userId: string }) {
  const [row] = await db
    .select({ member: teamMembers, email: users.email })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, input.userId))
    .where(and(eq(teamMembers.inviteId, input.inviteId), eq(sql`lower(${users.email})`, teamMembers.email)));
  if (!row || (row.member.userId && row.member.userId !== input.userId)) throw notFound("Invitation");
  return row.member;
}

export async function acceptInvitation(
  db: Db,
  input: { inviteId: string; userId: string; now?: Date },
): Promise<AcceptedInvitation> {
  const now = input.now ?? new Date();
  const { accountId, id, alreadyMember } = await db.transaction(async (tx) => {
    const invitation = await findInvitationFor(tx, input);
    await lockTeam(tx, invitation.accountId);
    const [current] = await tx.select().from(teamMembers).where(eq(teamMembers.id, invitation.id));
    if (!current) throw notFound("Invitation");
    if (current.status === "active")
      return { accountId: current.accountId, id: current.id, alreadyMember: true };
    if (current.inviteExpiresAt && current.inviteExpiresAt <= now) {
      throw new AppError(
        "invitation_expired",
        "This invitation has expired. Ask a team admin to resend it (POST /teams/{id}/resend-invite).",
        { details: { expired_at: current.inviteExpiresAt.toISOString() } },
      );
    }
    await tx
      .insert(memberships)
      .values({ userId: input.userId, accountId: current.accountId, role: current.role })
      .onConflictDoNothing();
    await tx
      .update(teamMembers)
      .set({ status: "active", userId: input.userId, joinedAt: now })
      .where(eq(teamMembers.id, current.id));
    await recordAudit(tx, {
      accountId: current.accountId,
      action: "member.joined",
      targetType: "team_member",
      targetId: String(current.id),
      data: { email: current.email, role: current.role, invite_id: current.inviteId },
    });
    return { accountId: current.accountId, id: current.id, alreadyMember: false };
  });
  return {
    entry: await getRosterEntry(db, { accountId, id }),
    account: await teamAccount(db, accountId),
    alreadyMember,
  };
}
