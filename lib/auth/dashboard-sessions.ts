/**
 * Dashboard browser sessions. The Auth.js JWT names a row here; a session counts only while the row
 * is live, the user is verified and still a member of the account, and the password has not changed
 * since sign-in (the row keeps a stamp of the password hash, so a reset or change anywhere — API
 * included — ends every browser session without touching this table).
 */
import { createHash } from "node:crypto";
import { and, eq, gt, isNull, lt, ne, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/client";
import { dashboardSessions, memberships, users } from "@/lib/db/schema";

/** How long a dashboard sign-in lasts: a working day (NIST's AAL2 re-authentication bound). */
export const DASHBOARD_SESSION_TTL_MS = 12 * 3_600_000;
const LAST_SEEN_GRANULARITY_MS = 60_000;

export interface Human {
  userId: string;
  accountId: string;
  sessionId: string;
  email: string;
  name: string;
  role: "owner" | "admin" | "member" | "viewer";
}

/** What the signed JWT carries: names only, no secrets (the session JSON is readable by the page). */
export interface SessionClaims {
  sessionId: string;
  userId: string;
  accountId: string;
}

/** A short digest of the stored password hash: changes whenever the password does. */
export function passwordStamp(passwordHash: string): string {
  return createHash("sha256").update(passwordHash).digest("base64url").slice(0, 22);
}

export async function startDashboardSession(
  db: DbOrTx,
  input: { userId: string; accountId: string; passwordHash: string; userAgent: string | null; now?: Date },
): Promise<{ id: string; expiresAt: Date }> {
  const now = input.now ?? new Date();
  // Housekeeping at the one moment a user's session list grows: their long-dead rows go.
  await db
    .delete(dashboardSessions)
    .where(
      and(
        eq(dashboardSessions.userId, input.userId),
        lt(dashboardSessions.expiresAt, new Date(now.getTime() - DASHBOARD_SESSION_TTL_MS)),
      ),
    );
  const [row] = await db
    .insert(dashboardSessions)
    .values({
      userId: input.userId,
      accountId: input.accountId,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
      passwordStamp: passwordStamp(input.passwordHash),
      expiresAt: new Date(now.getTime() + DASHBOARD_SESSION_TTL_MS),
    })
    .returning({ id: dashboardSessions.id, expiresAt: dashboardSessions.expiresAt });
  if (!row) throw new Error("dashboard session insert returned no row");
  return row;
}

/** The signed-in person, or null when the session no longer stands for anything. */
export async function resolveDashboardSession(db: Db, claims: SessionClaims): Promise<Human | null> {
  const human = await resolveActingSession(db, claims);
  if (human !== "not_a_member") return human;
  // Removed from the team the browser was acting for: back to the personal account, if still its member.
  const [user] = await db
    .select({ personalAccountId: users.personalAccountId })
    .from(users)
    .where(eq(users.id, claims.userId));
  if (!user) return null;
  const moved = await switchDashboardAccount(db, {
    sessionId: claims.sessionId,
    userId: claims.userId,
    accountId: user.personalAccountId,
  });
  if (!moved) return null;
  const again = await resolveActingSession(db, claims);
  return again === "not_a_member" ? null : again;
}

async function resolveActingSession(db: Db, claims: SessionClaims): Promise<Human | null | "not_a_member"> {
  if (!UUID.test(claims.sessionId) || !UUID.test(claims.userId) || !UUID.test(claims.accountId)) return null;
  const [row] = await db
    .select({
      lastSeenAt: dashboardSessions.lastSeenAt,
      stamp: dashboardSessions.passwordStamp,
      email: users.email,
      name: users.name,
      passwordHash: users.passwordHash,
      verifiedAt: users.verifiedAt,
      role: memberships.role,
      accountId: dashboardSessions.accountId,
    })
    .from(dashboardSessions)
    .innerJoin(users, eq(users.id, dashboardSessions.userId))
    .leftJoin(
      memberships,
      and(
        eq(memberships.userId, dashboardSessions.userId),
        eq(memberships.accountId, dashboardSessions.accountId),
      ),
    )
    .where(
      and(
        eq(dashboardSessions.id, claims.sessionId),
        eq(dashboardSessions.userId, claims.userId),
        isNull(dashboardSessions.revokedAt),
        gt(dashboardSessions.expiresAt, sql`now()`),
      ),
    );
  if (!row?.verifiedAt || passwordStamp(row.passwordHash) !== row.stamp) return null;
  if (!row.role) return "not_a_member";
  if (Date.now() - row.lastSeenAt.getTime() > LAST_SEEN_GRANULARITY_MS) {
    await db
      .update(dashboardSessions)
      .set({ lastSeenAt: sql`now()` })
      .where(eq(dashboardSessions.id, claims.sessionId));
  }
  return {
    userId: claims.userId,
    // The row, not the JWT, says which account the browser acts for: the switcher moves it.
    accountId: row.accountId,
    sessionId: claims.sessionId,
    email: row.email,
    name: row.name,
    role: row.role,
  };
}

/**
 * The dashboard's account switcher: the session acts for `accountId` from the next request on.
 * Null (and nothing changes) unless the person is a member of that account.
 */
export async function switchDashboardAccount(
  db: DbOrTx,
  input: { sessionId: string; userId: string; accountId: string },
): Promise<string | null> {
  if (!UUID.test(input.accountId)) return null;
  const [member] = await db
    .select({ accountId: memberships.accountId })
    .from(memberships)
    .where(and(eq(memberships.userId, input.userId), eq(memberships.accountId, input.accountId)));
  if (!member) return null;
  await db
    .update(dashboardSessions)
    .set({ accountId: member.accountId })
    .where(and(eq(dashboardSessions.id, input.sessionId), eq(dashboardSessions.userId, input.userId)));
  return member.accountId;
}

export async function endDashboardSession(db: DbOrTx, sessionId: string): Promise<void> {
  if (!UUID.test(sessionId)) return;
  await db
    .update(dashboardSessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(dashboardSessions.id, sessionId), isNull(dashboardSessions.revokedAt)));
}

/** Signs the user out of every other browser; returns how many sessions ended. */
export async function endOtherDashboardSessions(
  db: DbOrTx,
  input: { userId: string; exceptSessionId: string },
): Promise<number> {
  const ended = await db
    .update(dashboardSessions)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(dashboardSessions.userId, input.userId),
        ne(dashboardSessions.id, input.exceptSessionId),
        isNull(dashboardSessions.revokedAt),
        gt(dashboardSessions.expiresAt, sql`now()`),
      ),
    )
    .returning({ id: dashboardSessions.id });
  return ended.length;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
