import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/** The billing owner: every user has a personal one; a team is an account with several members. */
export const accounts = pgTable("account", {
  id: uuid("id").primaryKey().defaultRandom(),
  kind: text("kind", { enum: ["personal", "team"] }).notNull(),
  name: text("name").notNull(),
  /** Shared namespace with user names: a personal account carries its user's username. */
  username: text("username").notNull().unique("account_username_uq"),
  /** Created lazily on first billing use. */
  stripeCustomerId: text("stripe_customer_id").unique("account_stripe_customer_id_uq"),
  isReseller: boolean("is_reseller").notNull().default(false),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export interface UserSocials {
  facebook?: string | null;
  github?: string | null;
  twitter?: string | null;
  instagram?: string | null;
  discord?: string | null;
  website?: string | null;
}

export const users = pgTable(
  "app_user",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Always stored lowercased; the unique index on lower(email) guards writers that forget. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    username: text("username").notNull().unique("app_user_username_uq"),
    passwordHash: text("password_hash").notNull(),
    verifiedAt: timestamp("verified_at", { withTimezone: true }),
    aboutMe: text("about_me"),
    socials: jsonb("socials").$type<UserSocials>().notNull().default(sql`'{}'::jsonb`),
    nsfwContent: boolean("nsfw_content").notNull().default(false),
    walletNotificationEnabled: boolean("wallet_notification_enabled").notNull().default(false),
    /** USD cents; the API speaks decimal dollars. Null until the user sets one. */
    walletNotificationThresholdMinor: bigint("wallet_notification_threshold_minor", { mode: "number" }),
    personalAccountId: uuid("personal_account_id")
      .notNull()
      .references(() => accounts.id),
    /**
     * Set when the address signed up again, before it was verified, with a different password: the
     * pending password may be a stranger's, so verifying keeps none (lib/sign-in/signup.ts).
     */
    pendingPasswordContestedAt: timestamp("pending_password_contested_at", { withTimezone: true }),
    /** Consecutive failed password checks; the soft lock in lib/sign-in/login.ts reads it. */
    failedLoginCount: integer("failed_login_count").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("app_user_email_lower_uq").on(sql`lower(${t.email})`)],
);

export const memberships = pgTable(
  "membership",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["owner", "admin", "member", "viewer"] }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("membership_user_account_uq").on(t.userId, t.accountId),
    index("membership_account_idx").on(t.accountId),
  ],
);

/**
 * Sanctum-like personal access tokens. The plaintext is `{id}|{secret}`; only SHA-256(secret) is
 * kept. The integer id is part of the contract (`DELETE /auth/tokens/{id}`).
 */
export const accessTokens = pgTable(
  "access_token",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The acting account: requests made with this token act for it. */
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    scopes: text("scopes").array().notNull(),
    /** The `token_expiry` option it was issued with, echoed by the API. */
    expiry: text("expiry").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("access_token_user_idx").on(t.userId)],
);

/** Keys for the generation API. Shown in full once; lists show `prefix…last4`. */
export const apiKeys = pgTable(
  "api_key",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    notes: text("notes"),
    prefix: text("prefix").notNull(),
    last4: text("last4").notNull(),
    keyHash: text("key_hash").notNull().unique("api_key_key_hash_uq"),
    isDefault: boolean("is_default").notNull().default(false),
    /** Set on the key a password login minted for this device (`device_name`); the next such login replaces it. */
    deviceName: text("device_name"),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("api_key_account_idx").on(t.accountId),
    // At most one live default key per account, whatever races happen at verify/login.
    uniqueIndex("api_key_one_default_uq")
      .on(t.accountId)
      .where(sql`${t.isDefault} and ${t.deletedAt} is null`),
    // One live login-minted key per user and device in an account.
    uniqueIndex("api_key_one_per_device_uq")
      .on(t.accountId, t.userId, t.deviceName)
      .where(sql`${t.deviceName} is not null and ${t.deletedAt} is null`),
  ],
);

/** Email verification codes and password-reset tokens; SHA-256 at rest, single use. */
export const emailTokens = pgTable(
  "email_token",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    purpose: text("purpose", { enum: ["verify", "reset"] }).notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique("email_token_token_hash_uq"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    /** Wrong guesses against this token (reset tokens burn after a few). */
    attempts: integer("attempts").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("email_token_user_purpose_idx").on(t.userId, t.purpose)],
);

/**
 * Every email we send. In outbox mode (no SMTP_URL) the body is kept, because the local mailbox
 * reads it; over SMTP only the envelope is kept, so no code or reset token lingers in the database.
 */
export const outboxEmails = pgTable(
  "outbox_email",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    text: text("text"),
    html: text("html"),
    template: text("template").notNull(),
    transport: text("transport", { enum: ["outbox", "smtp"] }).notNull(),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [index("outbox_email_to_created_idx").on(t.toAddress, t.createdAt)],
);

export type Account = typeof accounts.$inferSelect;
export type User = typeof users.$inferSelect;
export type AccessToken = typeof accessTokens.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type EmailToken = typeof emailTokens.$inferSelect;
export type OutboxEmail = typeof outboxEmails.$inferSelect;
