import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { accounts } from "./accounts";

const money = (name: string) => bigint(name, { mode: "number" });
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/** One USD wallet per account. The balance is a cache of Σ ledger entries, kept in the same transaction. */
export const wallets = pgTable(
  "wallet",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    currency: text("currency").notNull().default("USD"),
    balanceMinor: money("balance_minor").notNull().default(0),
    totalCreditedMinor: money("total_credited_minor").notNull().default(0),
    totalDebitedMinor: money("total_debited_minor").notNull().default(0),
    /** Entries by sign, moved with the balance: a transactions page counts its total without a scan. */
    creditCount: bigint("credit_count", { mode: "number" }).notNull().default(0),
    debitCount: bigint("debit_count", { mode: "number" }).notNull().default(0),
    autoFundingEnabled: boolean("auto_funding_enabled").notNull().default(false),
    autoFundingAmountMinor: money("auto_funding_amount_minor"),
    autoFundingThresholdMinor: money("auto_funding_threshold_minor"),
    lowBalanceAlertedAt: timestamp("low_balance_alerted_at", { withTimezone: true }),
    /**
     * The low-balance episode (auto-funding.ts) whose top-up failed: it is not charged again, and
     * its failure is mailed once, until money comes in and a new episode starts.
     */
    autoFundingFailedEpisode: text("auto_funding_failed_episode"),
    /**
     * Set while the account may not spend (generation, withdrawals, coupons): a dispute is open on
     * one of its payments, or money Stripe took back is not yet covered (clawback.ts). On the
     * wallet row, so a debit's row lock sees it with the balance.
     */
    spendingSuspendedAt: timestamp("spending_suspended_at", { withTimezone: true }),
    spendingSuspendedReason: text("spending_suspended_reason", { enum: ["dispute_open", "unpaid_clawback"] }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("wallet_account_currency_uq").on(t.accountId, t.currency),
    check("wallet_balance_non_negative", sql`${t.balanceMinor} >= 0`),
  ],
);

export const LEDGER_KINDS = [
  "fund",
  "checkout_fund",
  "auto_fund",
  "usage",
  "usage_refund",
  "coupon",
  "refund",
  "refund_failed",
  "dispute",
  "dispute_release",
  "withdrawal",
  "adjustment",
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/**
 * Append-only (a trigger refuses UPDATE and DELETE; a correction is a new, reversing entry).
 * `(source, external_id, kind)` is unique, so a PaymentIntent or Checkout session is credited once
 * whichever of the API call, the webhook, the success page or the reconciler gets there first.
 */
export const ledgerEntries = pgTable(
  "ledger_entry",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity(),
    walletId: uuid("wallet_id")
      .notNull()
      .references(() => wallets.id),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    amountMinor: money("amount_minor").notNull(),
    balanceAfterMinor: money("balance_after_minor").notNull(),
    currency: text("currency").notNull().default("USD"),
    kind: text("kind", { enum: LEDGER_KINDS }).notNull(),
    source: text("source", { enum: ["stripe", "generation", "coupon", "system"] }).notNull(),
    externalId: text("external_id").notNull(),
    description: text("description").notNull(),
    actorUserId: uuid("actor_user_id"),
    actorKind: text("actor_kind", { enum: ["agent", "human", "system"] }).notNull(),
    /** The Idempotency-Key record or Stripe event that caused the entry. */
    causeRef: text("cause_ref"),
    reversesEntryId: uuid("reverses_entry_id"),
    metadata: jsonb("metadata").notNull().default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("ledger_entry_source_external_kind_uq").on(t.source, t.externalId, t.kind),
    index("ledger_entry_wallet_seq_idx").on(t.walletId, t.seq),
    check("ledger_entry_amount_non_zero", sql`${t.amountMinor} <> 0`),
  ],
);

/**
 * Money Stripe took back from one of an account's payments — a refund (`re_…`) or a dispute
 * (`dp_…`) — and what the wallet has given up for it. `target_minor` is what the wallet owes for it
 * now (its state decides: nothing while a refund is pending, the disputed amount while a dispute is
 * open, the amount plus the purchase's bonus share once the money is gone for good, nothing once
 * released); `taken_minor` is what the ledger has moved so far. A wallet never goes negative, so
 * `taken < target` is a shortfall, collected from the next money that comes in.
 */
export const clawbacks = pgTable(
  "clawback",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: ["refund", "dispute"] }).notNull(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    chargeId: text("charge_id").notNull(),
    paymentIntentId: text("payment_intent_id"),
    amountMinor: money("amount_minor").notNull(),
    /** The share of the purchase's coupon bonus this takes back, fixed when it becomes final. */
    bonusMinor: money("bonus_minor").notNull().default(0),
    state: text("state", { enum: ["pending", "open", "final", "released"] }).notNull(),
    stripeStatus: text("stripe_status").notNull(),
    targetMinor: money("target_minor").notNull().default(0),
    takenMinor: money("taken_minor").notNull().default(0),
    /** Ledger entries posted for it so far; names the next one's external id. */
    moves: integer("moves").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("clawback_account_idx").on(t.accountId, t.createdAt),
    index("clawback_payment_intent_idx").on(t.paymentIntentId),
    check(
      "clawback_amounts_valid",
      sql`${t.amountMinor} > 0 and ${t.takenMinor} >= 0 and ${t.targetMinor} >= 0`,
    ),
  ],
);

/** Our view of a PaymentIntent made for an account (funding, auto-funding), for status and audit. */
export const payments = pgTable(
  "payment",
  {
    id: text("id").primaryKey(), // pi_…
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    purpose: text("purpose", { enum: ["fund", "auto_fund", "checkout_fund", "subscription"] }).notNull(),
    amountMinor: money("amount_minor").notNull(),
    currency: text("currency").notNull().default("usd"),
    status: text("status", {
      enum: ["requires_action", "processing", "succeeded", "failed", "canceled"],
    }).notNull(),
    paymentMethodId: text("payment_method_id"),
    declineCode: text("decline_code"),
    failureMessage: text("failure_message"),
    actorUserId: uuid("actor_user_id"),
    actorKind: text("actor_kind", { enum: ["agent", "human", "system"] })
      .notNull()
      .default("agent"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("payment_account_created_idx").on(t.accountId, t.createdAt)],
);

/** Mirror of the Stripe PaymentMethods attached to an account's customer. No card data beyond this. */
export const paymentMethods = pgTable(
  "payment_method",
  {
    id: text("id").primaryKey(), // pm_…
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    brand: text("brand").notNull(),
    last4: text("last4").notNull(),
    expMonth: integer("exp_month").notNull(),
    expYear: integer("exp_year").notNull(),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index("payment_method_account_idx").on(t.accountId)],
);

/** The webhook inbox: one row per Stripe event id, so a redelivery is recognised and skipped. */
export const stripeEvents = pgTable(
  "stripe_event",
  {
    id: text("id").primaryKey(), // evt_…
    type: text("type").notNull(),
    objectId: text("object_id"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    /** Set while one process works on the event (after the 2xx, or the inbox sweep); a stale claim is a crash. */
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
  },
  // The inbox sweep reads only what is left to do.
  (t) => [index("stripe_event_unprocessed_idx").on(t.receivedAt).where(sql`processed_at is null`)],
);

export const coupons = pgTable("coupon", {
  code: text("code").primaryKey(),
  kind: text("kind", { enum: ["credit", "bonus"] }).notNull(),
  /** Credit coupons: the amount granted. */
  amountMinor: money("amount_minor"),
  /** Bonus coupons: percent of the purchase added as credit, and the minimum purchase. */
  bonusPercent: integer("bonus_percent"),
  minPurchaseMinor: money("min_purchase_minor"),
  maxRedemptions: integer("max_redemptions"),
  redemptionCount: integer("redemption_count").notNull().default(0),
  expiresAt: timestamp("expires_at", { withTimezone: true }),
  description: text("description").notNull(),
  /** A deactivated coupon cannot be redeemed; it stays for the redemptions that name it. */
  disabledAt: timestamp("disabled_at", { withTimezone: true }),
  /** One of the local-mode demo coupons (lib/db/demo-coupons.ts), not an operator's. */
  seeded: boolean("seeded").notNull().default(false),
  createdAt: createdAt(),
});

export const couponRedemptions = pgTable(
  "coupon_redemption",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    couponCode: text("coupon_code")
      .notNull()
      .references(() => coupons.code),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    /** Null until the bonus (or credit) is posted: a bonus coupon holds its place while its purchase is paid. */
    ledgerEntryId: uuid("ledger_entry_id"),
    /** Bonus coupons: the purchase's PaymentIntent, whose outcome applies or releases the coupon. */
    paymentIntentId: text("payment_intent_id"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("coupon_redemption_once_per_account_uq").on(t.couponCode, t.accountId)],
);
