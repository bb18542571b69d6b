/**
 * Reading a team's roster (`team_member`). A personal account that never invited anyone has no
 * roster rows yet: `ensureRoster` copies its memberships in (the owner) the first time the roster
 * is read or written, so the owner has a member id like everyone else.
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { accounts, memberships, type TeamMember, teamMembers, users } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

export interface RosterEntry {
  id: number;
  inviteId: string;
  accountId: string;
  email: string;
  /** The member's display name; an invitee who has not joined has none yet. */
  name: string | null;
  userId: string | null;
  role: TeamMember["role"];
  status: TeamMember["status"];
  invitedAt: Date;
  joinedAt: Date | null;
  inviteExpiresAt: Date | null;
}

/** Gives every membership of the account a roster row (idempotent; races are harmless). */
export async function ensureRoster(db: DbOrTx, accountId: string): Promise<void> {
  const missing = await db
    .select({
      userId: memberships.userId,
      role: memberships.role,
      email: users.email,
      since: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(
      teamMembers,
      and(eq(teamMembers.accountId, memberships.accountId), eq(teamMembers.userId, memberships.userId)),
    )
    .where(and(eq(memberships.accountId, accountId), isNull(teamMembers.id)));
  if (missing.length === 0) return;
  await db
    .insert(teamMembers)
    .values(
      missing.map((m) => ({
        accountId,
        email: m.email.toLowerCase(),
        userId: m.userId,
        role: m.role,
        status: "active" as const,
        invitedAt: m.since,
        inviteSentAt: m.since,
        joinedAt: m.since,
      })),
    )
    .onConflictDoNothing();
}

const entryColumns = {
  id: teamMembers.id,
  inviteId: teamMembers.inviteId,
  accountId: teamMembers.accountId,
  email: teamMembers.email,
  name: users.name,
  userId: teamMembers.userId,
  role: teamMembers.role,
  status: teamMembers.status,
  invitedAt: teamMembers.invitedAt,
  joinedAt: teamMembers.joinedAt,
  inviteExpiresAt: teamMembers.inviteExpiresAt,
};

/** Members first (owners, admins, …), then pending invitations, oldest first. */
export async function listRoster(db: DbOrTx, accountId: string): Promise<RosterEntry[]> {
  await ensureRoster(db, accountId);
  return db
    .select(entryColumns)
    .from(teamMembers)
    .leftJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(teamMembers.accountId, accountId))
    .orderBy(
      asc(sql`case ${teamMembers.status} when 'active' then 0 else 1 end`),
      asc(
        sql`case ${teamMembers.role} when 'owner' then 0 when 'admin' then 1 when 'member' then 2 else 3 end`,
      ),
      asc(teamMembers.invitedAt),
      asc(teamMembers.id),
    );
}

/** One roster entry of the account; another account's id and an unknown one are both 404. */
export async function getRosterEntry(
  db: DbOrTx,
  input: { accountId: string; id: number },
): Promise<RosterEntry> {
  await ensureRoster(db, input.accountId);
  const [row] = await db
    .select(entryColumns)
    .from(teamMembers)
    .leftJoin(users, eq(users.id, teamMembers.userId))
    .where(and(eq(teamMembers.id, input.id), eq(teamMembers.accountId, input.accountId)));
  if (!row) throw notFound("Team member");
  return row;
}

/** The user's personal account id: its holder is never removed from it. */
export async function personalAccountOf(db: DbOrTx, userId: string): Promise<string | null> {
  const [row] = await db.select({ id: users.personalAccountId }).from(users).where(eq(users.id, userId));
  return row?.id ?? null;
}

/** The team account's display fields (for mails and answers). */
export async function teamAccount(db: DbOrTx, accountId: string) {
  const [row] = await db
    .select({ id: accounts.id, name: accounts.name, username: accounts.username, kind: accounts.kind })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  if (!row) throw notFound("Account");
  return row;
}

/**
 * Serialises roster writes of one account (row lock on the account): two owners demoting each
 * other at once must not leave the team without an owner.
 */
export async function lockTeam(tx: DbOrTx, accountId: string): Promise<void> {
  const [row] = await tx
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.id, accountId))
    .for("update");
  if (!row) throw notFound("Account");
}

/** Active owners of the account (the last one may not go). */
export async function ownerCount(tx: DbOrTx, accountId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.role, "owner")));
  return row?.n ?? 0;
}
