import { sql } from "drizzle-orm";
import { bigserial, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accounts, users } from "./accounts";

/**
 * The team roster: one row per person of a team account, invited (`pending`) or joined (`active`).
 * `membership` stays the authority on access (tokens join it on every request); this table gives
 * members the integer ids of the contract (`/teams/{id}`), remembers invitations (their UUID is the
 * accept link's id) and who invited whom. An email appears once per team.
 */
export const teamMembers = pgTable(
  "team_member",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** The invitation's id: the accept link and `POST /teams/invitations/{id}/accept` name it. */
    inviteId: uuid("invite_id").notNull().defaultRandom().unique("team_member_invite_id_uq"),
    /** Lowercased; the invitee must sign in with this address to accept. */
    email: text("email").notNull(),
    /** Set once the invitation is accepted (always set for `active`). */
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["owner", "admin", "member", "viewer"] }).notNull(),
    status: text("status", { enum: ["pending", "active"] }).notNull(),
    invitedByUserId: uuid("invited_by_user_id").references(() => users.id, { onDelete: "set null" }),
    invitedAt: timestamp("invited_at", { withTimezone: true }).notNull().defaultNow(),
    /** When the latest invitation email went out (resend moves it, and the expiry with it). */
    inviteSentAt: timestamp("invite_sent_at", { withTimezone: true }).notNull().defaultNow(),
    inviteExpiresAt: timestamp("invite_expires_at", { withTimezone: true }),
    joinedAt: timestamp("joined_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("team_member_account_email_uq").on(t.accountId, sql`lower(${t.email})`),
    index("team_member_user_idx").on(t.userId),
  ],
);

export type TeamMember = typeof teamMembers.$inferSelect;
