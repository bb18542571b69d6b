/**
 * `/_emulator/` triggers for what happens to money after a payment, which at Stripe happens on
 * the card network's schedule: a cardholder disputes a charge, the network decides the dispute, a
 * pending refund settles or a refund fails. Each answers the object as the API would show it.
 */
import type Stripe from "stripe";
import type { Engine } from "./engine";
import { HelperError, helper } from "./helpers";
import { closeDispute, getDispute, openDispute } from "./resources/disputes";
import { type RefundOutcome, settleRefund } from "./resources/refunds";

function chargeOf(engine: Engine, id: string): Stripe.Charge {
  if (id.startsWith("pi_")) {
    const pi = engine.store.get("payment_intent", id);
    if (!pi) throw new HelperError(404, `No such payment_intent: '${id}'`);
    const latest = typeof pi.latest_charge === "string" ? pi.latest_charge : pi.latest_charge?.id;
    const charge = latest ? engine.store.get("charge", latest) : undefined;
    if (!charge) throw new HelperError(400, `PaymentIntent ${id} has no charge to dispute.`);
    return charge;
  }
  const charge = engine.store.get("charge", id);
  if (!charge) throw new HelperError(404, `No such charge: '${id}'`);
  return charge;
}

/**
 * Opens a dispute on a succeeded charge (`ch_…`, or a PaymentIntent's latest charge):
 * `{reason?: "fraudulent", amount?: cents (default: what is not refunded), inquiry?: false}`.
 */
helper("POST", /^\/_emulator\/charges\/((?:ch|pi)_\w+)\/dispute$/, (engine, m, body) => {
  const charge = chargeOf(engine, m[1] ?? "");
  const reason = typeof body.reason === "string" && body.reason ? body.reason : "fraudulent";
  if (body.amount !== undefined && (typeof body.amount !== "number" || !Number.isInteger(body.amount))) {
    throw new HelperError(400, "amount must be an integer number of cents");
  }
  const dispute = openDispute(engine, charge, {
    reason,
    inquiry: body.inquiry === true,
    networkReasonCode: reason === "product_not_received" ? "13.1" : "10.4",
    ...(typeof body.amount === "number" ? { amount: body.amount } : {}),
  });
  return engine.render(dispute);
});

/** Decides a dispute: `{outcome: "won" | "lost"}`. */
helper("POST", /^\/_emulator\/disputes\/(dp_\w+)\/close$/, (engine, m, body) => {
  const outcome = body.outcome ?? body.result;
  if (outcome !== "won" && outcome !== "lost") throw new HelperError(400, 'outcome must be "won" or "lost"');
  return engine.render(closeDispute(engine, getDispute(engine, m[1] ?? ""), outcome));
});

/** Settles a pending refund now (`succeed`, `cancel`), or makes a refund fail (`fail`). */
helper("POST", /^\/_emulator\/refunds\/(re_\w+)\/(succeed|fail|cancel)$/, (engine, m) => {
  const refund = engine.store.get("refund", m[1] ?? "");
  if (!refund) throw new HelperError(404, `No such refund: '${m[1]}'`);
  const to: RefundOutcome = m[2] === "succeed" ? "succeeded" : m[2] === "fail" ? "failed" : "canceled";
  return engine.render(settleRefund(engine, refund, to));
});
