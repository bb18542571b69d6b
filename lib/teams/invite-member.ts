/**
 * Invitations: `POST /teams` (invite) and `POST /teams/{id}/resend-invite`. Inviting into an
 * account makes it a team (its wallet, cards and subscriptions stay where they are). The email goes
 * out after the transaction commits.
 */
import { and, eq, sql } from "drizzle-orm";
import { normalizeEmail } from "@/lib/accounts/users";
import { recordAudit } from "@/lib/audit/audit-log";
import type { MemberRole } from "@/lib/auth/principal";
import type { Db } from "@/lib/db/client";
import { accounts, teamMembers, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { sendMail } from "@/lib/mail/send-mail";
import { INVITATION_TTL_MS, invitationMail } from "./invitation-mail";
import { assertMayGrant, assertMayManage } from "./roles";
import { ensureRoster, getRosterEntry, lockTeam, type RosterEntry } from "./roster";

export interface Actor {
  userId: string;
  role: MemberRole;
}

/** Resending faster than this only fills the invitee's inbox. */
export const RESEND_INTERVAL_MS = 60_000;

async function actorName(db: Db, userId: string): Promise<string> {
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return row?.name ?? "A teammate";
}

export async function inviteMember(
  db: Db,
  input: { accountId: string; actor: Actor; email: string; role: MemberRole },
): Promise<RosterEntry> {
  assertMayGrant(input.actor.role, input.role);
  const email = normalizeEmail(input.email);
  const now = new Date();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const id = await db.transaction(async (tx) => {
    await lockTeam(tx, input.accountId);
    await ensureRoster(tx, input.accountId);
    const [existing] = await tx
      .select({ id: teamMembers.id, status: teamMembers.status })
      .from(teamMembers)
      .where(and(eq(teamMembers.accountId, input.accountId), eq(sql`lower(${teamMembers.email})`, email)));
    if (existing) {
      throw new AppError(
        "conflict",
        existing.status === "active"
          ? `${email} is already a member of this team.`
          : `${email} is already invited: POST /teams/${existing.id}/resend-invite sends the email again.`,
        { details: { member_id: existing.id, status: existing.status } },
      );
    }
    const [row] = await tx
      .insert(teamMembers)
      .values({
        accountId: input.accountId,
        email,
        role: input.role,
        status: "pending",
        invitedByUserId: input.actor.userId,
        invitedAt: now,
        inviteSentAt: now,
        inviteExpiresAt: expiresAt,
      })
      .returning({ id: teamMembers.id, inviteId: teamMembers.inviteId });
    if (!row) throw new Error("team member insert returned no row");
    // "An account becomes a team when it has members."
    await tx.update(accounts).set({ kind: "team" }).where(eq(accounts.id, input.accountId));
    await recordAudit(tx, {
      accountId: input.accountId,
      action: "member.invited",
      targetType: "team_member",
      targetId: String(row.id),
      data: { email, role: input.role, invite_id: row.inviteId },
    });
    return row.id;
  });
  const entry = await getRosterEntry(db, { accountId: input.accountId, id });
  await mailInvitation(db, input, entry, expiresAt);
  return entry;
}

/** The invitation mail for a roster entry, from the member who sent (or resent) it. */
async function mailInvitation(
  db: Db,
  input: { accountId: string; actor: Actor },
  entry: RosterEntry,
  expiresAt: Date,
): Promise<void> {
  await sendMail(
    db,
    await invitationMail(db, {
      accountId: input.accountId,
      inviterName: await actorName(db, input.actor.userId),
      role: entry.role,
      inviteId: entry.inviteId,
      email: entry.email,
      expiresAt,
    }),
  );
}

export async function resendInvitation(
  db: Db,
  input: { accountId: string; actor: Actor; id: number },
): Promise<RosterEntry> {
  const now = new Date();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  await db.transaction(async (tx) => {
    await lockTeam(tx, input.accountId);
    const entry = await getRosterEntry(tx, input);
    if (entry.status === "active") {
      throw new AppError("conflict", "This member already joined: there is no invitation to resend.", {
        details: { member_id: entry.id, status: entry.status },
      });
    }
    assertMayManage(input.actor.role, entry.role);
    const [sent] = await tx
      .select({ at: teamMembers.inviteSentAt })
      .from(teamMembers)
      .where(eq(teamMembers.id, entry.id));
    const waitMs = sent ? sent.at.getTime() + RESEND_INTERVAL_MS - now.getTime() : 0;
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new AppError("rate_limited", `The invitation was just sent. Try again in ${seconds} seconds.`, {
        headers: { "Retry-After": String(seconds) },
        details: { retry_after: seconds },
      });
    }
    await tx
      .update(teamMembers)
      .set({ inviteSentAt: now, inviteExpiresAt: expiresAt })
      .where(eq(teamMembers.id, entry.id));
    await recordAudit(tx, {
      accountId: input.accountId,
      action: "invitation.resent",
      targetType: "team_member",
      targetId: String(entry.id),
      data: { email: entry.email, invite_id: entry.inviteId },
    });
  });
  const entry = await getRosterEntry(db, input);
  await mailInvitation(db, input, entry, expiresAt);
  return entry;
}
