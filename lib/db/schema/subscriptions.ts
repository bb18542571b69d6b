import {
  bigint,
  boolean,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { accounts } from "./accounts";

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Our mirror of a Stripe subscription. Stripe is the source of truth for status and period; every
 * webhook and every mutation re-reads the subscription and upserts this row. `synced_at` is when
 * that read came back, and a write carrying an older read is dropped, so events delivered twice or
 * out of order converge on Stripe's latest state. The quota counters are ours alone: they reset
 * whenever the period Stripe reports moves on (a renewal or a reset cycle).
 */
export const subscriptions = pgTable(
  "subscription",
  {
    /** The contract's integer id (`/subscriptions/{id}`). */
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    planId: integer("plan_id").notNull(),
    /** The plan's category when the row was last synced: one live subscription per category. */
    category: text("category").notNull(),
    stripeSubscriptionId: text("stripe_subscription_id").notNull(),
    stripeCustomerId: text("stripe_customer_id").notNull(),
    stripePriceId: text("stripe_price_id").notNull(),
    /** Stripe's status (`incomplete`, `active`, `past_due`, `canceled`, …). */
    status: text("status").notNull(),
    /** Set while collection is paused (Stripe `pause_collection`): presented as `paused`. */
    pausedAt: at("paused_at"),
    cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
    cancelAt: at("cancel_at"),
    canceledAt: at("canceled_at"),
    endedAt: at("ended_at"),
    currentPeriodStart: at("current_period_start").notNull(),
    currentPeriodEnd: at("current_period_end").notNull(),
    /** First time Stripe reported it active or trialing; attempts that never got there stay hidden. */
    activatedAt: at("activated_at"),
    quotaLimit: integer("quota_limit").notNull(),
    quotaUsed: integer("quota_used").notNull().default(0),
    /** The period the counter belongs to; a different current period means a fresh counter. */
    quotaPeriodStart: at("quota_period_start").notNull(),
    latestInvoiceId: text("latest_invoice_id"),
    defaultPaymentMethodId: text("default_payment_method_id"),
    /** The Checkout session that created it, claimed once by whoever fulfils the session first. */
    checkoutSessionId: text("checkout_session_id"),
    /** The renewal invoice the owner was last emailed about, so a retried webhook mails once. */
    failureNotifiedInvoiceId: text("failure_notified_invoice_id"),
    createdByUserId: uuid("created_by_user_id"),
    syncedAt: timestamp("synced_at", { withTimezone: true, precision: 3 }).notNull(),
    createdAt: at("created_at").notNull().defaultNow(),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("subscription_stripe_id_uq").on(t.stripeSubscriptionId),
    index("subscription_account_idx").on(t.accountId, t.category),
  ],
);

/** Account-level subscription settings (`POST /subscriptions/charge-amount`). */
export const subscriptionSettings = pgTable("subscription_setting", {
  accountId: uuid("account_id")
    .primaryKey()
    .references(() => accounts.id),
  /** USD cents charged per top-up for usage outside the plan (paid models, quota exhausted). */
  paidModelChargeAmountMinor: bigint("paid_model_charge_amount_minor", { mode: "number" }),
  updatedAt: at("updated_at").notNull().defaultNow(),
});
