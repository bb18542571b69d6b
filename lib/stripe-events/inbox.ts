/**
 * The webhook inbox and dispatcher. Each event id is recorded once; handlers (handlers.ts) never
 * trust the event's snapshot but re-read the object from Stripe, so duplicates and any delivery
 * order converge on Stripe's current state. Unknown types are acknowledged and ignored.
 */
import { eq, sql } from "drizzle-orm";
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
  handled: boolean;
  /** Why a correctly signed event was not acted on. */
  ignored?: "livemode_mismatch";
}

export async function handleStripeEvent(db: Db, event: Stripe.Event): Promise<HandledEvent> {
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
  const [row] = await db.select().from(stripeEvents).where(eq(stripeEvents.id, event.id));
  if (row?.processedAt) return { id: event.id, type: event.type, duplicate: true, handled: false };

  const handler = Object.hasOwn(STRIPE_EVENT_HANDLERS, event.type)
    ? STRIPE_EVENT_HANDLERS[event.type]
    : undefined;
  if (!handler || !objectId) {
    log().info({ event_id: event.id, type: event.type }, "stripe event ignored");
    await db.update(stripeEvents).set({ processedAt: new Date() }).where(eq(stripeEvents.id, event.id));
    return { id: event.id, type: event.type, duplicate: false, handled: false };
  }
  try {
    await handler(db, event, objectId);
    faultPoint("webhook.after_ledger_write");
  } catch (error) {
    await db
      .update(stripeEvents)
      .set({
        attempts: sql`${stripeEvents.attempts} + 1`,
        error: error instanceof Error ? error.message : String(error),
      })
      .where(eq(stripeEvents.id, event.id));
    throw error;
  }
  await db
    .update(stripeEvents)
    .set({ processedAt: new Date(), attempts: sql`${stripeEvents.attempts} + 1`, error: null })
    .where(eq(stripeEvents.id, event.id));
  return { id: event.id, type: event.type, duplicate: false, handled: true };
}
