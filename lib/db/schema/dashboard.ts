import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accounts, users } from "./accounts";

/**
 * A signed-in browser on the dashboard. The Auth.js session is a signed JWT cookie, which cannot be
 * taken back on its own; every request also checks this row, so signing out (or out everywhere)
 * ends the session at once rather than when the cookie expires (ASVS 7.4.1).
 */
export const dashboardSessions = pgTable(
  "dashboard_session",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** The browser's User-Agent at sign-in, shown in the session list (truncated). */
    userAgent: text("user_agent"),
    /** A digest of the password hash at sign-in: a password change or reset ends the session. */
    passwordStamp: text("password_stamp").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("dashboard_session_user_idx").on(t.userId)],
);

export type DashboardSession = typeof dashboardSessions.$inferSelect;
