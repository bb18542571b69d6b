import { bigint, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";

/**
 * Payment links: a Stripe Checkout session made for an agent to hand to a human. The row tracks
 * the link's life (`open → paid → fulfilled`, or `expired` / `canceled`) so a waiting agent can be
 * told without anyone relaying the session id.
 */
export const checkoutLinks = pgTable(
  "checkout_link",
  {
    sessionId: text("session_id").primaryKey(), // cs_…
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    createdByUserId: uuid("created_by_user_id"),
    purpose: text("purpose", { enum: ["fund", "subscribe"] }).notNull(),
    amountMinor: bigint("amount_minor", { mode: "number" }),
    planId: integer("plan_id"),
    url: text("url").notNull(),
    /**
     * Names the link in Checkout's cancel_url: Stripe fills {CHECKOUT_SESSION_ID} in success_url,
     * and this token keeps the cancel page working wherever the template is not filled.
     */
    cancelToken: text("cancel_token").notNull().unique("checkout_link_cancel_token_uq"),
    status: text("status", { enum: ["open", "paid", "fulfilled", "expired", "canceled"] })
      .notNull()
      .default("open"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    fulfilledAt: timestamp("fulfilled_at", { withTimezone: true }),
    /** Which door got there first: success_page, webhook, confirm, status_poll or reconciler. */
    fulfilledBy: text("fulfilled_by"),
    /** Set by a long-polling agent, so the success page can tell the human the agent was told. */
    agentWaitingUntil: timestamp("agent_waiting_until", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("checkout_link_account_created_idx").on(t.accountId, t.createdAt)],
);
