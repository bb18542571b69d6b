/**
 * Payment links (the human-assisted path). A link is a Stripe Checkout session plus a row that
 * follows its life: open → paid → fulfilled, or expired / canceled. Every door that learns about a
 * session — the success page, the webhook, confirm-checkout, a waiting agent's poll — goes through
 * `syncLink`, which fulfils exactly once and wakes the agents waiting on that link.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { checkoutLinks } from "@/lib/db/schema/checkout";
import { notFound } from "@/lib/errors";
import { log } from "@/lib/log";
import { notifier } from "@/lib/pubsub/notifier";
import type { Stripe } from "@/lib/stripe/client";
import { isStripeNotFound, providerError } from "@/lib/stripe/errors";
import { expireCheckoutSession, retrieveCheckoutSession } from "@/lib/stripe/payments";
import { fulfilSubscriptionSession, type SubscriptionFulfilment } from "@/lib/subscriptions/checkout";
import { type FulfilOutcome, fulfilFundingSession } from "./fulfil-session";

/** What fulfilling a session did: a wallet credit (fund) or a subscription (subscribe). */
export type LinkFulfilment = FulfilOutcome | SubscriptionFulfilment;

export type CheckoutLink = typeof checkoutLinks.$inferSelect;
export type LinkStatus = CheckoutLink["status"];
export type FulfilledBy = "success_page" | "webhook" | "confirm" | "status_poll" | "reconciler";

export const linkChannel = (sessionId: string) => `checkout_link:${sessionId}`;

export async function recordLink(
  db: Db,
  input: {
    session: Stripe.Checkout.Session;
    accountId: string;
    userId: string | null;
    purpose: "fund" | "subscribe";
    amountMinor: number | null;
    planId: number | null;
    cancelToken: string;
  },
): Promise<CheckoutLink> {
  const [row] = await db
    .insert(checkoutLinks)
    .values({
      sessionId: input.session.id,
      accountId: input.accountId,
      createdByUserId: input.userId,
      purpose: input.purpose,
      amountMinor: input.amountMinor,
      planId: input.planId,
      url: input.session.url ?? "",
      cancelToken: input.cancelToken,
      expiresAt: new Date(input.session.expires_at * 1000),
    })
    // A retried request (same Stripe idempotency key) returns the same session: keep one row.
    .onConflictDoNothing()
    .returning();
  return row ?? (await loadLink(db, input.session.id))!;
}

export async function loadLink(db: Db, sessionId: string): Promise<CheckoutLink | undefined> {
  const [row] = await db.select().from(checkoutLinks).where(eq(checkoutLinks.sessionId, sessionId));
  return row;
}

/** The account's own link, or 404 (unknown and foreign look the same). */
export async function ownLink(db: Db, accountId: string, sessionId: string): Promise<CheckoutLink> {
  const link = /^cs_[A-Za-z0-9_]+$/.test(sessionId) ? await loadLink(db, sessionId) : undefined;
  if (!link || link.accountId !== accountId) throw notFound("Checkout session");
  return link;
}

async function fulfil(db: Db, session: Stripe.Checkout.Session, by: FulfilledBy): Promise<LinkFulfilment> {
  return session.metadata?.onramp_purpose === "subscribe"
    ? fulfilSubscriptionSession(db, session, by)
    : fulfilFundingSession(db, session, by);
}

async function setStatus(
  db: Db,
  sessionId: string,
  status: LinkStatus,
  by?: FulfilledBy,
): Promise<CheckoutLink | undefined> {
  const final = status === "fulfilled" || status === "expired" || status === "canceled";
  const [row] = await db
    .update(checkoutLinks)
    .set({
      status,
      updatedAt: new Date(),
      ...(status === "fulfilled"
        ? {
            fulfilledAt: sql`coalesce(${checkoutLinks.fulfilledAt}, now())`,
            fulfilledBy: sql`coalesce(${checkoutLinks.fulfilledBy}, ${by ?? null})`,
          }
        : {}),
    })
    // Final states never move again (a late "paid" must not reopen a fulfilled link).
    .where(
      and(
        eq(checkoutLinks.sessionId, sessionId),
        final
          ? sql`${checkoutLinks.status} in ('open', 'paid', ${status})`
          : eq(checkoutLinks.status, "open"),
      ),
    )
    .returning();
  if (row) {
    await notifier()
      .publish(linkChannel(sessionId), status)
      .catch((error) => log().warn({ err: String(error) }, "payment link wake-up not published"));
  }
  return row;
}

export interface SyncResult {
  link: CheckoutLink | undefined;
  session: Stripe.Checkout.Session;
  outcome: LinkFulfilment;
}

/**
 * Re-reads the session from Stripe, fulfils it if paid (exactly once, whoever calls), expires it
 * at Stripe once its link has lapsed, and moves the link's status. Returns the fresh state.
 */
export async function syncLink(db: Db, sessionId: string, by: FulfilledBy): Promise<SyncResult | null> {
  let session: Stripe.Checkout.Session;
  try {
    session = await retrieveCheckoutSession(sessionId);
  } catch (error) {
    if (isStripeNotFound(error)) return null;
    throw providerError(error);
  }
  let link = await loadLink(db, sessionId);
  if (session.status === "open" && link && link.expiresAt.getTime() <= Date.now()) {
    // The link lapsed: close the session at Stripe too, so a stale tab cannot pay it later.
    try {
      session = await expireCheckoutSession(sessionId);
    } catch (error) {
      session = await retrieveCheckoutSession(sessionId).catch(() => session);
      log().warn({ err: String(error), session_id: sessionId }, "could not expire a lapsed checkout session");
    }
  }
  const outcome = await fulfil(db, session, by);
  if (outcome.kind === "fulfilled")
    link = (await setStatus(db, sessionId, "fulfilled", by)) ?? (await loadLink(db, sessionId));
  else if (outcome.kind === "expired") link = (await setStatus(db, sessionId, "expired")) ?? link;
  return { link, session, outcome };
}

/** For doors that fulfil a session themselves: record it on the link and wake its waiters. */
export async function noteLinkFulfilled(db: Db, sessionId: string, by: FulfilledBy): Promise<void> {
  await setStatus(db, sessionId, "fulfilled", by);
}

const CANCEL_TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

async function linkByCancelToken(db: Db, token: string | undefined): Promise<CheckoutLink | undefined> {
  if (!token || !CANCEL_TOKEN.test(token)) return undefined;
  const [row] = await db.select().from(checkoutLinks).where(eq(checkoutLinks.cancelToken, token));
  return row;
}

/**
 * What the cancel page shows (a GET, from the database only: it never changes anything, and an
 * unknown id costs no Stripe call): the link its cancel_url names, by session id when Stripe filled
 * it in, else by its token; and whether the visitor holds that link's cancel token.
 */
export async function findLinkForCancel(
  db: Db,
  sessionId: string | undefined,
  token: string | undefined,
): Promise<{ link: CheckoutLink; canCancel: boolean } | undefined> {
  const byToken = await linkByCancelToken(db, token);
  const link = sessionId && /^cs_[A-Za-z0-9_]+$/.test(sessionId) ? await loadLink(db, sessionId) : byToken;
  if (!link) return undefined;
  return { link, canCancel: byToken?.sessionId === link.sessionId };
}

/**
 * The cancel page's button (a POST): closes the link only for the holder of its cancel token, which
 * is in the cancel_url Onramp gave Stripe. The session id alone is not enough: it shows up in
 * success URLs, logs and the agent's hands, and a GET must never close anything (link scanners
 * and prefetchers follow links). Answers the link as it now is, or undefined for a wrong token.
 */
export async function cancelLinkWithToken(
  db: Db,
  input: { sessionId?: string | undefined; token: string | undefined },
): Promise<CheckoutLink | undefined> {
  const link = await linkByCancelToken(db, input.token);
  if (!link || (input.sessionId && input.sessionId !== link.sessionId)) return undefined;
  return cancelLink(db, link.sessionId);
}

/** The human backed out on Stripe's page: close the session so it cannot be paid, and tell the agent. */
export async function cancelLink(db: Db, sessionId: string): Promise<CheckoutLink | undefined> {
  const link = await loadLink(db, sessionId);
  if (link?.status !== "open") return link;
  try {
    const session = await retrieveCheckoutSession(sessionId);
    if (session.status === "complete") return (await syncLink(db, sessionId, "success_page"))?.link;
    if (session.status === "open") await expireCheckoutSession(sessionId);
  } catch (error) {
    log().warn({ err: String(error), session_id: sessionId }, "could not close a canceled checkout session");
  }
  return (await setStatus(db, sessionId, "canceled")) ?? link;
}

export async function markAgentWaiting(db: Db, sessionId: string, untilMs: number): Promise<void> {
  await db
    .update(checkoutLinks)
    .set({ agentWaitingUntil: new Date(untilMs) })
    .where(eq(checkoutLinks.sessionId, sessionId));
}
