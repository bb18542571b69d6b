/**
 * The webhook inbox and dispatcher. Each event id is recorded once; handlers never trust the
 * event's snapshot but re-read the object from Stripe, so duplicates and any delivery order
 * converge on Stripe's current state. Unknown types are acknowledged and ignored.
 */
import { eq, sql } from "drizzle-orm";
import { recordAuditEvent } from "@/lib/audit/audit-log";
import { syncLink } from "@/lib/checkout/links";
import type { Db } from "@/lib/db/client";
import { stripeEvents } from "@/lib/db/schema/wallet";
import { log } from "@/lib/log";
import { syncCardFromStripe } from "@/lib/payments/cards";
import { accountIdForCustomer } from "@/lib/payments/customer";
import { configuredLivemode, type Stripe } from "@/lib/stripe/client";
import { retrievePaymentIntent, retrieveSetupIntent } from "@/lib/stripe/payments";
import { syncDispute } from "@/lib/wallet/disputes";
import { syncRefund, syncRefundsOfCharge } from "@/lib/wallet/refunds";
import { settlePaymentIntent } from "@/lib/wallet/settle-payment";

type Handler = (db: Db, event: Stripe.Event, objectId: string) => Promise<void>;

const system = { userId: null, kind: "system" as const };

const settleIntent: Handler = async (db, event, id) => {
  await settlePaymentIntent(db, await retrievePaymentIntent(id), { actor: system, causeRef: event.id });
};

/** Any event about a refund or a dispute: the object is re-read, whatever the event says. */
const syncRefundEvent: Handler = async (db, event, id) => {
  await syncRefund(db, id, { by: "webhook", causeRef: event.id });
};
const syncDisputeEvent: Handler = async (db, event, id) => {
  await syncDispute(db, id, { by: "webhook", causeRef: event.id });
};

const handlers: Record<string, Handler> = {
  "payment_intent.succeeded": settleIntent,
  "payment_intent.payment_failed": settleIntent,
  "payment_intent.requires_action": settleIntent,
  "payment_intent.processing": settleIntent,
  "payment_intent.canceled": settleIntent,
  "setup_intent.succeeded": async (db, _event, id) => {
    const intent = await retrieveSetupIntent(id);
    const customer = typeof intent.customer === "string" ? intent.customer : intent.customer?.id;
    const pm = typeof intent.payment_method === "string" ? intent.payment_method : intent.payment_method?.id;
    if (!customer || !pm) return;
    const accountId = await accountIdForCustomer(db, customer);
    if (accountId) await syncCardFromStripe(db, accountId, pm);
  },
  "checkout.session.completed": async (db, _event, id) => {
    await syncLink(db, id, "webhook");
  },
  "checkout.session.async_payment_succeeded": async (db, _event, id) => {
    await syncLink(db, id, "webhook");
  },
  "checkout.session.expired": async (db, _event, id) => {
    await syncLink(db, id, "webhook");
  },
  // Names the charge: every refund of it is brought in line (each once, by refund id).
  "charge.refunded": async (db, event, id) => {
    await syncRefundsOfCharge(db, id, { by: "webhook", causeRef: event.id });
  },
  "charge.refund.updated": syncRefundEvent,
  "refund.created": syncRefundEvent,
  "refund.updated": syncRefundEvent,
  "refund.failed": syncRefundEvent,
  "charge.dispute.created": syncDisputeEvent,
  "charge.dispute.updated": syncDisputeEvent,
  "charge.dispute.funds_withdrawn": syncDisputeEvent,
  "charge.dispute.funds_reinstated": syncDisputeEvent,
  "charge.dispute.closed": syncDisputeEvent,
};

/** Extra handlers other domains register (checkout sessions, subscriptions, invoices). */
export function registerWebhookHandler(type: string, handler: Handler): void {
  handlers[type] = handler;
}

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
    await recordAuditEvent(db, {
      actorKind: "system",
      action: "stripe.event_livemode_mismatch",
      targetType: "stripe_event",
      targetId: event.id,
      data: { type: event.type, livemode: event.livemode, object_id: objectId },
    });
    return { id: event.id, type: event.type, duplicate: false, handled: false, ignored: "livemode_mismatch" };
  }
  await db.insert(stripeEvents).values({ id: event.id, type: event.type, objectId }).onConflictDoNothing();
  const [row] = await db.select().from(stripeEvents).where(eq(stripeEvents.id, event.id));
  if (row?.processedAt) return { id: event.id, type: event.type, duplicate: true, handled: false };

  const handler = handlers[event.type];
  if (!handler || !objectId) {
    log().info({ event_id: event.id, type: event.type }, "stripe event ignored");
    await db.update(stripeEvents).set({ processedAt: new Date() }).where(eq(stripeEvents.id, event.id));
    return { id: event.id, type: event.type, duplicate: false, handled: false };
  }
  try {
    await handler(db, event, objectId);
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
