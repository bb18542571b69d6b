/** Refunds of succeeded charges (full or partial); they succeed at once in test mode. */
import type { Stripe } from "../../lib/stripe/client";

import { invalidRequest, noSuch } from "../http/errors";
import { createdFilter, LIST_PARAMS, paginate } from "../http/lists";
import { applyMetadata } from "../http/params";
import type { Router } from "../http/router";
import { newId } from "../ids";
import { formatAmount, metadataOf } from "./shared";

export function registerRefunds(router: Router): void {
  router.post(
    "/v1/refunds",
    ({ engine, params }) => {
      const piId = params.text("payment_intent");
      const chargeId = params.text("charge");
      if (!piId && !chargeId) {
        throw invalidRequest(
          "One of the following params should be provided for this request: payment_intent or charge.",
          {
            code: "parameter_missing",
          },
        );
      }
      let charge: Stripe.Charge | undefined;
      let pi: Stripe.PaymentIntent | undefined;
      if (piId) {
        pi = engine.store.get("payment_intent", piId);
        if (!pi) throw noSuch("payment_intent", piId, "payment_intent");
        if (pi.status !== "succeeded" || typeof pi.latest_charge !== "string") {
          throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, {
            param: "payment_intent",
            code: "charge_not_refundable",
          });
        }
        charge = engine.store.get("charge", pi.latest_charge);
      } else if (chargeId) {
        charge = engine.store.get("charge", chargeId);
        if (!charge) throw noSuch("charge", chargeId, "charge");
        pi =
          typeof charge.payment_intent === "string"
            ? engine.store.get("payment_intent", charge.payment_intent)
            : undefined;
      }
      if (!charge) throw invalidRequest("No charge to refund.");
      if (charge.status !== "succeeded" || !charge.captured) {
        throw invalidRequest(
          `Charge ${charge.id} has not been captured or did not succeed, so it cannot be refunded.`,
          {
            code: "charge_not_refundable",
          },
        );
      }
      const remaining = charge.amount_captured - charge.amount_refunded;
      if (remaining <= 0) {
        throw invalidRequest(`Charge ${charge.id} has already been refunded.`, {
          code: "charge_already_refunded",
        });
      }
      const amount = params.int("amount", { min: 1 }) ?? remaining;
      if (amount > remaining) {
        throw invalidRequest(
          `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
          { param: "amount", code: "amount_too_large" },
        );
      }
      const refund: Stripe.Refund = {
        id: newId("re_"),
        object: "refund",
        amount,
        balance_transaction: newId("txn_"),
        charge: charge.id,
        created: engine.now(),
        currency: charge.currency,
        customer: charge.customer,
        customer_account: null,
        destination_details: {
          card: {
            reference: "emulated",
            reference_status: "available",
            reference_type: "acquirer_reference_number",
            type: "refund",
          },
          type: "card",
        },
        metadata: metadataOf(params),
        payment_intent: pi?.id ?? null,
        payment_method: charge.payment_method,
        reason: params.oneOf("reason", ["duplicate", "fraudulent", "requested_by_customer"]) ?? null,
        receipt_number: null,
        source_transfer_reversal: null,
        status: "succeeded",
        transfer_reversal: null,
      };
      engine.store.put("refund", refund);
      charge.amount_refunded += amount;
      charge.refunded = charge.amount_refunded >= charge.amount_captured;
      engine.emit("refund.created", refund);
      engine.emit("charge.refunded", charge);
      return refund;
    },
    {
      params: [
        "payment_intent",
        "charge",
        "amount",
        "reason",
        "metadata",
        "instructions_email",
        "origin",
        "refund_application_fee",
        "reverse_transfer",
      ],
    },
  );

  router.get("/v1/refunds/:id", ({ engine, pathParams }) => {
    const r = engine.store.get("refund", pathParams.id ?? "");
    if (!r) throw noSuch("refund", pathParams.id ?? "");
    return r;
  });

  router.post(
    "/v1/refunds/:id",
    ({ engine, pathParams, params }) => {
      const r = engine.store.get("refund", pathParams.id ?? "");
      if (!r) throw noSuch("refund", pathParams.id ?? "");
      r.metadata = applyMetadata(r.metadata ?? {}, params);
      engine.emit("refund.updated", r);
      return r;
    },
    { params: ["metadata"] },
  );

  router.get(
    "/v1/refunds",
    ({ engine, params }) => {
      const charge = params.text("charge");
      const pi = params.text("payment_intent");
      const created = createdFilter(params);
      const items = engine.store
        .all("refund")
        .filter(
          (r) => (!charge || r.charge === charge) && (!pi || r.payment_intent === pi) && created(r.created),
        );
      return paginate(items, params, "/v1/refunds", "refund");
    },
    { params: [...LIST_PARAMS, "charge", "payment_intent", "created"] },
  );
}
