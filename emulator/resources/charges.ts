import type Stripe from "stripe";
import type { Decline } from "../cards";
import type { Engine } from "../engine";
import { noSuch } from "../http/errors";
import { createdFilter, LIST_PARAMS, paginate } from "../http/lists";
import type { Router } from "../http/router";
import { newId, randomBase62 } from "../ids";

export function createCharge(
  engine: Engine,
  pi: Stripe.PaymentIntent,
  pm: Stripe.PaymentMethod,
  outcome: { status: "succeeded" | "failed"; captured: boolean; decline?: Decline },
): Stripe.Charge {
  const failed = outcome.status === "failed";
  const card = pm.card;
  // automatic_async: the balance transaction is not there yet right after confirm (2024-04-10).
  const balanceTransaction =
    !failed && outcome.captured && pi.capture_method !== "automatic_async" ? newId("txn_") : null;
  const charge: Stripe.Charge = {
    id: newId("ch_"),
    object: "charge",
    amount: pi.amount,
    amount_captured: !failed && outcome.captured ? pi.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: balanceTransaction,
    billing_details: pm.billing_details,
    calculated_statement_descriptor: pi.statement_descriptor ?? "ONRAMP",
    captured: !failed && outcome.captured,
    created: engine.now(),
    currency: pi.currency,
    customer: typeof pi.customer === "string" ? pi.customer : null,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: failed ? (outcome.decline?.code ?? "card_declined") : null,
    failure_message: failed ? (outcome.decline?.message ?? "Your card was declined.") : null,
    fraud_details: {},
    livemode: false,
    metadata: { ...pi.metadata },
    on_behalf_of: null,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: failed ? "declined_by_network" : "approved_by_network",
      reason: failed ? (outcome.decline?.decline_code ?? "generic_decline") : null,
      risk_level: "normal",
      risk_score: 32,
      seller_message: failed
        ? "The bank did not return any further details with this decline."
        : "Payment complete.",
      type: failed ? "issuer_declined" : "authorized",
    },
    paid: !failed,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: {
      type: "card",
      card: {
        amount_authorized: failed ? null : pi.amount,
        authorization_code: failed ? null : String(Math.floor(100000 + Math.random() * 899999)),
        brand: card?.brand ?? null,
        ...(outcome.captured ? {} : { capture_before: engine.now() + 7 * 86400 }),
        checks: card?.checks ?? null,
        country: card?.country ?? null,
        electronic_commerce_indicator: null,
        exp_month: card?.exp_month ?? 12,
        exp_year: card?.exp_year ?? 2099,
        extended_authorization: { status: "disabled" },
        fingerprint: card?.fingerprint ?? null,
        funding: card?.funding ?? null,
        incremental_authorization: { status: "unavailable" },
        installments: null,
        last4: card?.last4 ?? null,
        mandate: null,
        multicapture: { status: "unavailable" },
        network: card?.brand ?? null,
        network_token: { used: false },
        network_transaction_id: failed ? null : randomBase62(15),
        overcapture: { maximum_amount_capturable: pi.amount, status: "unavailable" },
        regulated_status: "unregulated",
        three_d_secure: engine.store.state.meta.payment_intent[pi.id]?.authenticated
          ? {
              authentication_flow: "challenge",
              electronic_commerce_indicator: "05",
              exemption_indicator: null,
              result: "authenticated",
              result_reason: null,
              transaction_id: randomBase62(32),
              version: "2.2.0",
            }
          : null,
        transaction_link_id: null,
        wallet: null,
      },
    },
    receipt_email: pi.receipt_email,
    receipt_number: null,
    receipt_url: failed ? null : engine.url(`/receipts/${pi.id}`),
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: pi.statement_descriptor,
    statement_descriptor_suffix: pi.statement_descriptor_suffix,
    status: failed ? "failed" : "succeeded",
    transfer_data: null,
    transfer_group: null,
  };
  engine.store.put("charge", charge);
  return charge;
}

export function registerCharges(router: Router): void {
  router.get("/v1/charges/:id", ({ engine, pathParams }) => {
    const c = engine.store.get("charge", pathParams.id ?? "");
    if (!c) throw noSuch("charge", pathParams.id ?? "");
    return c;
  });
  router.get(
    "/v1/charges",
    ({ engine, params }) => {
      const pi = params.text("payment_intent");
      const customer = params.text("customer");
      const created = createdFilter(params);
      const items = engine.store
        .all("charge")
        .filter(
          (c) =>
            (!pi || c.payment_intent === pi) && (!customer || c.customer === customer) && created(c.created),
        );
      return paginate(items, params, "/v1/charges", "charge");
    },
    { params: [...LIST_PARAMS, "payment_intent", "customer", "created", "transfer_group"] },
  );
}
