/**
 * The webhook inbox and dispatcher. Each event id is recorded once, durably, before the delivery is
 * acknowledged; the work happens after the answer (the door's `defer`, Next's `after()` in the
 * server) or at once where there is no answer to wait for (tests, scripts). Handlers (handlers.ts)
 * never trust the event's snapshot but re-read the object from Stripe, so duplicates and any
 * delivery order converge on Stripe's current state. Unknown types are acknowledged and ignored.
 *
 * One process works on an event at a time: it claims the row first (`claimed_at`). A process that
 * dies mid-way leaves a claim that goes stale after CLAIM_LEASE_MS; the inbox sweep
 * (`sweepStripeInbox`, every minute from boot) then processes the event, as it does one whose
 * handler failed. The reconciler remains the net under both.
 */
import { and, asc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/audit-log";
import type { Db } from "@/lib/db/client";
import { stripeEvents } from "@/lib/db/schema/wallet";
import { faultPoint } from "@/lib/fault-points";
import { log } from "@/lib/log";
import { configuredLivemode, type Stripe } from "@/lib/stripe/client";
import { STRIPE_EVENT_HANDLERS } from "./handlers";

export interface HandledEvent {
  id: string;
  type: string;
  duplicate: boolean;
  /** Whether a handler ran; absent when the work was deferred past the answer. */
  handled?: boolean;
  /** The event is recorded and is processed after the answer. */
  queued?: boolean;
  /** Why a correctly signed event was not acted on. */
  ignored?: "livemode_mismatch";
}

/** Runs `task` after the answer (returning undefined) or now (returning its result). */
export type Defer = <T>(task: () => Promise<T>) => Promise<T | undefined>;
const now: Defer = (task) => task();

/** How long a claim protects an event from a second worker; longer than any handler runs. */
export const CLAIM_LEASE_MS = 60_000;
/** The sweep gives up on an event after this many attempts (the reconciler still covers money). */
export const MAX_ATTEMPTS = 10;

interface InboxEvent {
  id: string;
  type: string;
  objectId: string | null;
}

export async function handleStripeEvent(
  db: Db,
  event: Stripe.Event,
  defer: Defer = now,
): Promise<HandledEvent> {
  const object = event.data.object as { id?: string };
  const objectId = object.id ?? null;
  if (event.livemode !== configuredLivemode()) {
    // A test-mode event at a live endpoint (or the reverse) means a misconfigured webhook or a leaked
    // secret: never act on it, tell a human, and acknowledge it so it is not retried forever.
    log().error(
      { event_id: event.id, type: event.type, event_livemode: event.livemode },
      "stripe event from the other mode ignored",
    );
    await recordAudit(db, {
      accountId: null,
      actor: { kind: "system" },
      action: "stripe.event_livemode_mismatch",
      targetType: "stripe_event",
      targetId: event.id,
      data: { type: event.type, livemode: event.livemode, object_id: objectId },
    });
    return { id: event.id, type: event.type, duplicate: false, handled: false, ignored: "livemode_mismatch" };
  }
  await db.insert(stripeEvents).values({ id: event.id, type: event.type, objectId }).onConflictDoNothing();
  faultPoint("webhook.after_inbox_insert");
  const [row] = await db
    .select({ processedAt: stripeEvents.processedAt })
    .from(stripeEvents)
    .where(eq(stripeEvents.id, event.id));
  if (row?.processedAt) return { id: event.id, type: event.type, duplicate: true, handled: false };

  const inbox: InboxEvent = { id: event.id, type: event.type, objectId };
  const handled = await defer(async () => {
    try {
      return await processInboxEvent(db, inbox);
    } catch (error) {
      if (defer === now) throw error;
      // Past the answer nobody is told: the row keeps the error and the sweep retries it.
      log().warn(
        { event_id: event.id, type: event.type, err: String(error) },
        "stripe event failed; the sweep retries it",
      );
      return false;
    }
  });
  return handled === undefined
    ? { id: event.id, type: event.type, duplicate: false, queued: true }
    : { id: event.id, type: event.type, duplicate: false, handled };
}

/** Claims the event; false when it is done already or another worker holds a fresh claim. */
async function claim(db: Db, id: string): Promise<boolean> {
  const claimed = await db
    .update(stripeEvents)
    .set({ claimedAt: sql`now()`, attempts: sql`${stripeEvents.attempts} + 1` })
    .where(
      and(
        eq(stripeEvents.id, id),
        isNull(stripeEvents.processedAt),
        or(
          isNull(stripeEvents.claimedAt),
          lt(stripeEvents.claimedAt, sql`now() - make_interval(secs => ${CLAIM_LEASE_MS / 1000})`),
        ),
      ),
    )
    .returning({ id: stripeEvents.id });
  return claimed.length > 0;
}

/** Runs the event's handler once under a claim. True when a handler ran to completion. */
async function processInboxEvent(db: Db, event: InboxEvent): Promise<boolean> {
  if (!(await claim(db, event.id))) return false;
  const handler = Object.hasOwn(STRIPE_EVENT_HANDLERS, event.type)
    ? STRIPE_EVENT_HANDLERS[event.type]
    : undefined;
  if (!handler || !event.objectId) {
    log().info({ event_id: event.id, type: event.type }, "stripe event ignored");
    await db
      .update(stripeEvents)
      .set({ processedAt: new Date(), claimedAt: null })
      .where(eq(stripeEvents.id, event.id));
    return false;
  }
  try {
    await handler(db, event, event.objectId);
    faultPoint("webhook.after_ledger_write");
  } catch (error) {
    await db
      .update(stripeEvents)
      .set({ claimedAt: null, error: error instanceof Error ? error.message : String(error) })
      .where(eq(stripeEvents.id, event.id));
    throw error;
  }
  await db
    .update(stripeEvents)
    .set({ processedAt: new Date(), claimedAt: null, error: null })
    .where(eq(stripeEvents.id, event.id));
  return true;
}

export interface InboxSweepReport {
  /** Events whose handler ran to completion in this sweep. */
  processed: number;
  failed: number;
}

/**
 * Processes what the inbox holds but nobody finished: a handler that failed after the answer, or a
 * process that stopped mid-way (its claim is stale). Events younger than `minAgeMs` are left to the
 * worker the delivery started.
 */
export async function sweepStripeInbox(
  db: Db,
  options: { minAgeMs?: number } = {},
): Promise<InboxSweepReport> {
  const minAgeSec = (options.minAgeMs ?? 30_000) / 1000;
  const due = await db
    .select({ id: stripeEvents.id, type: stripeEvents.type, objectId: stripeEvents.objectId })
    .from(stripeEvents)
    .where(
      and(
        isNull(stripeEvents.processedAt),
        lt(stripeEvents.receivedAt, sql`now() - make_interval(secs => ${minAgeSec})`),
        lt(stripeEvents.attempts, MAX_ATTEMPTS),
      ),
    )
    .orderBy(asc(stripeEvents.receivedAt))
    .limit(100);
  const report: InboxSweepReport = { processed: 0, failed: 0 };
  for (const event of due) {
    try {
      if (await processInboxEvent(db, event)) report.processed++;
    } catch (error) {
      report.failed++;
      log().warn({ event_id: event.id, type: event.type, err: String(error) }, "inbox sweep: event failed");
    }
  }
  return report;
}
