import { sql } from "drizzle-orm";
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/**
 * One row per (scope, Idempotency-Key). `scope` is the acting account, so two tenants never see
 * each other's stored responses even when they pick the same key.
 */
export const idempotencyRecords = pgTable(
  "idempotency_record",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    method: text("method").notNull(),
    path: text("path").notNull(),
    fingerprint: text("fingerprint").notNull(),
    state: text("state", { enum: ["in_flight", "done"] })
      .notNull()
      .default("in_flight"),
    lockedUntil: timestamp("locked_until", { withTimezone: true }).notNull(),
    responseStatus: integer("response_status"),
    responseBody: jsonb("response_body"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("idempotency_record_scope_key_uq").on(t.scope, t.key),
    index("idempotency_record_created_at_idx").on(t.createdAt),
  ],
);

/**
 * Who did what, telling agent actions (bearer tokens) from human ones (dashboard sessions).
 * Append-only: a trigger refuses UPDATE and DELETE (migration 0012).
 */
export const auditEvents = pgTable(
  "audit_event",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Insertion order: the cursor of GET /audit-events (timestamps tie, and lose microseconds in JS). */
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity(),
    accountId: uuid("account_id"),
    actorUserId: uuid("actor_user_id"),
    actorKind: text("actor_kind", { enum: ["agent", "human", "system"] }).notNull(),
    /** An agent's token (device) or API key name, so an entry says which agent acted. */
    actorLabel: text("actor_label"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    data: jsonb("data").notNull().default(sql`'{}'::jsonb`),
    requestId: text("request_id"),
    ip: text("ip"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("audit_event_account_created_idx").on(t.accountId, t.createdAt),
    index("audit_event_account_seq_idx").on(t.accountId, t.seq),
    index("audit_event_action_target_idx").on(t.action, t.targetId),
  ],
);
