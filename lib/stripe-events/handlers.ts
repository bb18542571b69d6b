/**
 * Which Stripe event types Onramp acts on, and what it does for each: the whole table in one place.
 * Every handler is convergent — it re-reads the named object from Stripe and brings our state in
 * line with it — so a duplicate, a late or an out-of-order delivery ends in the same state.
 */
import { syncLink } from "@/lib/checkout/links";
import type { Db } from "@/lib/db/client";
import { syncCardFromStripe } from "@/lib/payments/cards";
import { accountIdForCustomer } from "@/lib/payments/customer";
import { retrievePaymentIntent, retrieveSetupIntent } from "@/lib/stripe/payments";
import { onInvoiceEvent, onSubscriptionEvent } from "@/lib/subscriptions/event-handlers";
import { settlePaymentIntent } from "@/lib/wallet/settle-payment";
import { syncDispute } from "./disputes";
import { syncRefund, syncRefundsOfCharge } from "./refunds";

/** What a handler may read of the event: its id and type (the object itself is re-read from Stripe). */
export interface EventRef {
  id: string;
  type: string;
}
export type StripeEventHandler = (db: Db, event: EventRef, objectId: string) => Promise<void>;

const system = { userId: null, kind: "system" as const };

const settleIntent: StripeEventHandler = async (db, event, id) => {
  await settlePaymentIntent(db, await retrievePaymentIntent(id), { actor: system, causeRef: event.id });
};

const syncCard: StripeEventHandler = async (db, _event, id) => {
  const intent = await retrieveSetupIntent(id);
  const customer = typeof intent.customer === "string" ? intent.customer : intent.customer?.id;
  const pm = typeof intent.payment_method === "string" ? intent.payment_method : intent.payment_method?.id;
  if (!customer || !pm) return;
  const accountId = await accountIdForCustomer(db, customer);
  if (accountId) await syncCardFromStripe(db, accountId, pm);
};

const syncCheckoutLink: StripeEventHandler = async (db, _event, id) => {
  await syncLink(db, id, "webhook");
};

/** Names the charge: every refund of it is brought in line (each once, by refund id). */
const syncRefundsOfChargeEvent: StripeEventHandler = async (db, event, id) => {
  await syncRefundsOfCharge(db, id, { by: "webhook", causeRef: event.id });
};

/** Any event about a refund or a dispute: the object is re-read, whatever the event says. */
const syncRefundEvent: StripeEventHandler = async (db, event, id) => {
  await syncRefund(db, id, { by: "webhook", causeRef: event.id });
};
const syncDisputeEvent: StripeEventHandler = async (db, event, id) => {
  await syncDispute(db, id, { by: "webhook", causeRef: event.id });
};

export const STRIPE_EVENT_HANDLERS: Readonly<Record<string, StripeEventHandler>> = {
  "payment_intent.succeeded": settleIntent,
  "payment_intent.payment_failed": settleIntent,
  "payment_intent.requires_action": settleIntent,
  "payment_intent.processing": settleIntent,
  "payment_intent.canceled": settleIntent,
  "setup_intent.succeeded": syncCard,
  "checkout.session.completed": syncCheckoutLink,
  "checkout.session.async_payment_succeeded": syncCheckoutLink,
  "checkout.session.expired": syncCheckoutLink,
  "charge.refunded": syncRefundsOfChargeEvent,
  "charge.refund.updated": syncRefundEvent,
  "refund.created": syncRefundEvent,
  "refund.updated": syncRefundEvent,
  "refund.failed": syncRefundEvent,
  "charge.dispute.created": syncDisputeEvent,
  "charge.dispute.updated": syncDisputeEvent,
  "charge.dispute.funds_withdrawn": syncDisputeEvent,
  "charge.dispute.funds_reinstated": syncDisputeEvent,
  "charge.dispute.closed": syncDisputeEvent,
  "customer.subscription.created": onSubscriptionEvent,
  "customer.subscription.updated": onSubscriptionEvent,
  "customer.subscription.deleted": onSubscriptionEvent,
  "customer.subscription.paused": onSubscriptionEvent,
  "customer.subscription.resumed": onSubscriptionEvent,
  "invoice.paid": onInvoiceEvent,
  "invoice.payment_failed": onInvoiceEvent,
  "invoice.payment_action_required": onInvoiceEvent,
  "invoice.voided": onInvoiceEvent,
  "invoice.marked_uncollectible": onInvoiceEvent,
};
