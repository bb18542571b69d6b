import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { accounts, users } from "./accounts";

/**
 * Which requests of a team's members wait for an owner or admin. No row means the defaults
 * (lib/approvals/policy.ts): subscriptions held, funds above $100 held, new API keys not.
 */
export const approvalPolicies = pgTable("approval_policy", {
  accountId: uuid("account_id")
    .primaryKey()
    .references(() => accounts.id, { onDelete: "cascade" }),
  subscriptions: boolean("subscriptions").notNull(),
  funds: boolean("funds").notNull(),
  /** A fund strictly above this many cents is held (when `funds`). */
  fundThresholdMinor: bigint("fund_threshold_minor", { mode: "number" }).notNull(),
  apiKeys: boolean("api_keys").notNull(),
  updatedByUserId: uuid("updated_by_user_id").references(() => users.id, { onDelete: "set null" }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type ApprovalKind = "fund" | "subscription" | "plan_change" | "api_key";
export type ApprovalStatus = "pending" | "approved" | "executed" | "rejected" | "expired";

/** What the original route would have answered, stored when the approved request ran. */
export interface StoredResult {
  http_status: number;
  data: unknown;
  error: { code: string; message: string; details?: unknown } | null;
}

/**
 * A member's request held for a decision. `payload` is the validated body the original route
 * received; it runs once, after `pending → approved` (a guarded update), with Stripe keys derived
 * from the approval id. `execution_locked_until` is the lease of whoever runs it, so a crashed run
 * is resumed by the sweep and two runs never overlap.
 */
export const approvalRequests = pgTable(
  "approval_request",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    requesterUserId: uuid("requester_user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The requesting token's (device) name. */
    requesterLabel: text("requester_label"),
    kind: text("kind", { enum: ["fund", "subscription", "plan_change", "api_key"] })
      .$type<ApprovalKind>()
      .notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    /** What it costs in cents, when it has a price (a fund, a plan); null for an API key. */
    amountMinor: bigint("amount_minor", { mode: "number" }),
    summary: text("summary").notNull(),
    idempotencyKey: text("idempotency_key"),
    status: text("status", { enum: ["pending", "approved", "executed", "rejected", "expired"] })
      .$type<ApprovalStatus>()
      .notNull()
      .default("pending"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    decidedByUserId: uuid("decided_by_user_id").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    reason: text("reason"),
    result: jsonb("result").$type<StoredResult>(),
    executionLockedUntil: timestamp("execution_locked_until", { withTimezone: true }),
    executedAt: timestamp("executed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("approval_request_account_created_idx").on(t.accountId, t.createdAt),
    index("approval_request_status_expires_idx").on(t.status, t.expiresAt),
    uniqueIndex("approval_request_account_key_uq")
      .on(t.accountId, t.requesterUserId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
  ],
);

export type ApprovalRequest = typeof approvalRequests.$inferSelect;
export type ApprovalPolicyRow = typeof approvalPolicies.$inferSelect;
