/** Wires billing reactions and clock-driven work into the engine. */
import type { Engine } from "../engine";
import { registerCheckoutHooks } from "../resources/checkout-sessions";
import { attemptCountBump, invoiceForPaymentIntent, markInvoicePaid } from "./invoices";
import { onInvoicePaid, onInvoicePaymentFailed, subscriptionTicker } from "./subscriptions";

export function installBilling(engine: Engine): void {
  engine.on("payment_intent.succeeded", (piId) => {
    const invoice = invoiceForPaymentIntent(engine, piId);
    const pi = engine.store.get("payment_intent", piId);
    if (invoice && pi) markInvoicePaid(engine, invoice, { outOfBand: false, paymentIntent: pi });
  });
  engine.on("payment_intent.payment_failed", (piId) => {
    const invoice = invoiceForPaymentIntent(engine, piId);
    if (invoice?.status !== "open") return;
    attemptCountBump(invoice);
    engine.emit("invoice.payment_failed", invoice);
    engine.fire("invoice.payment_failed", invoice.id);
  });
  engine.on("payment_intent.requires_action", (piId) => {
    const invoice = invoiceForPaymentIntent(engine, piId);
    if (invoice?.status !== "open") return;
    attemptCountBump(invoice);
    engine.emit("invoice.payment_action_required", invoice);
  });
  engine.on("invoice.paid", (id) => onInvoicePaid(engine, id));
  engine.on("invoice.payment_failed", (id) => onInvoicePaymentFailed(engine, id));
  registerCheckoutHooks(engine);
  engine.onTick(subscriptionTicker);
}
