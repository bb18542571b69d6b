import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { accounts, apiKeys, users } from "./accounts";

const money = (name: string) => bigint(name, { mode: "number" });

// node-postgres hands bytea back as a Buffer, PGlite as a Uint8Array: normalise to Buffer.
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (value) => value,
  fromDriver: (value) => Buffer.from(value),
});

export const GENERATION_STATUSES = ["processing", "success", "error"] as const;
export type GenerationStatus = (typeof GENERATION_STATUSES)[number];

/**
 * One metered generation request (the design's usage_event). Its id is the integer the ModelsLab
 * routes answer with and the ledger's external id for the debit and its refund, so a generation is
 * paid for at most once and refunded at most once.
 */
export const generations = pgTable(
  "generation",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    apiKeyId: bigint("api_key_id", { mode: "number" })
      .notNull()
      .references(() => apiKeys.id),
    api: text("api", { enum: ["v6", "v7"] }).notNull(),
    endpoint: text("endpoint", { enum: ["text2img", "text-to-image"] }).notNull(),
    product: text("product").notNull(),
    modelId: text("model_id").notNull(),
    prompt: text("prompt").notNull(),
    /** The validated request (never the key), as sent on to the provider and echoed in `meta`. */
    params: jsonb("params").$type<Record<string, unknown>>().notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    samples: integer("samples").notNull(),
    seed: bigint("seed", { mode: "number" }).notNull(),
    provider: text("provider", { enum: ["builtin", "upstream"] }).notNull(),
    /** The upstream service's request id, once it has answered `processing`. */
    upstreamId: text("upstream_id"),
    status: text("status", { enum: GENERATION_STATUSES }).notNull().default("processing"),
    fundedBy: text("funded_by", { enum: ["wallet", "plan_quota", "free"] }).notNull(),
    /** List price of the request; what the wallet paid is charged − refunded. */
    priceMinor: money("price_minor").notNull(),
    chargedMinor: money("charged_minor").notNull().default(0),
    refundedMinor: money("refunded_minor").notNull().default(0),
    debitEntryId: uuid("debit_entry_id"),
    refundEntryId: uuid("refund_entry_id"),
    output: jsonb("output").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    etaSeconds: doublePrecision("eta_seconds"),
    generationMs: integer("generation_ms"),
    error: text("error"),
    /** Set when the request came with an Idempotency-Key: a retry continues this row. */
    idempotencyRecordId: uuid("idempotency_record_id"),
    requestId: text("request_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [
    index("generation_account_created_idx").on(t.accountId, t.createdAt),
    index("generation_processing_idx").on(t.createdAt).where(sql`${t.status} = 'processing'`),
    uniqueIndex("generation_idempotency_record_uq").on(t.idempotencyRecordId),
    check("generation_refund_within_charge", sql`${t.refundedMinor} <= ${t.chargedMinor}`),
  ],
);

/**
 * Images rendered by the built-in provider, kept in the database so every app instance can serve
 * them. `token` is the unguessable name in the public URL (/generated/{token}.png).
 */
export const generatedImages = pgTable(
  "generated_image",
  {
    token: text("token").primaryKey(),
    generationId: bigint("generation_id", { mode: "number" })
      .notNull()
      .references(() => generations.id, { onDelete: "cascade" }),
    idx: integer("idx").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    contentType: text("content_type").notNull().default("image/png"),
    sha256: text("sha256").notNull(),
    bytes: bytea("bytes").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("generated_image_generation_idx_uq").on(t.generationId, t.idx)],
);

export type Generation = typeof generations.$inferSelect;
export type GeneratedImage = typeof generatedImages.$inferSelect;
