/**
 * Refunds of succeeded charges (full or partial). A card refund succeeds at once, except on the
 * refund test cards: …7726 starts `pending` and succeeds later, …5126 succeeds and fails later
 * (`REFUND_SETTLE_SECONDS` of virtual time, or at once via `/_emulator/refunds/{id}/succeed|fail`).
 *
 * Events, as Stripe sends them: `refund.created` + `charge.refunded` when the refund is made (a
 * pending one included: `amount_refunded` counts it); `refund.updated` + `charge.refund.updated`
 * on every later status change, plus `refund.failed` when it fails. A failed or canceled refund
 * gives its amount back to the charge (`amount_refunded` drops, `refunded` turns false again).
 * A charge under a chargeback (not an inquiry) cannot be refunded (`charge_disputed`).
 */
import type Stripe from "stripe";
import { clone, type Engine, previousAttributes } from "../engine";
import { invalidRequest, noSuch } from "../http/errors";
import { createdFilter, fullList, LIST_PARAMS, paginate } from "../http/lists";
import { applyMetadata } from "../http/params";
import type { Router } from "../http/router";
import { newId } from "../ids";
import { openChargeback } from "./disputes";
import { pmMeta } from "./payment-methods";
import { formatAmount, metadataOf } from "./shared";

/** How long a refund test card's refund waits before its status moves by itself. */
export const REFUND_SETTLE_SECONDS = 600;

export type RefundOutcome = "succeeded" | "failed" | "canceled";

function getRefund(engine: Engine, id: string): Stripe.Refund {
  const refund = engine.store.get("refund", id);
  if (!refund) throw noSuch("refund", id);
  return refund;
}

function refundedTotal(engine: Engine, chargeId: string): number {
  return engine.store
    .all("refund")
    .filter((r) => r.charge === chargeId && (r.status === "pending" || r.status === "succeeded"))
    .reduce((sum, r) => sum + r.amount, 0);
}

function recomputeCharge(engine: Engine, charge: Stripe.Charge): void {
  charge.amount_refunded = refundedTotal(engine, charge.id);
  charge.refunded = charge.amount_refunded >= charge.amount_captured;
}

/**
 * Moves a refund to its final status, with Stripe's events. `succeeded` only from `pending`;
 * `failed` from `pending` or `succeeded` (a card refund can fail days after it succeeded);
 * `canceled` only from `pending`.
 */
export function settleRefund(engine: Engine, refund: Stripe.Refund, to: RefundOutcome): Stripe.Refund {
  const from = refund.status;
  const allowed =
    (to === "succeeded" && from === "pending") ||
    (to === "failed" && (from === "pending" || from === "succeeded")) ||
    (to === "canceled" && from === "pending");
  if (!allowed) {
    throw invalidRequest(`Refund ${refund.id} has status ${String(from)}; it cannot become ${to}.`, {
      code: "refund_status_transition_invalid",
    });
  }
  const before = clone(refund);
  refund.status = to;
  delete refund.pending_reason;
  if (refund.destination_details?.card) {
    refund.destination_details.card.reference_status = to === "succeeded" ? "available" : "unavailable";
  }
  if (to === "failed") {
    refund.failure_reason = "expired_or_canceled_card";
    refund.failure_balance_transaction = newId("txn_");
  }
  delete engine.store.state.meta.refund[refund.id];
  const chargeId = typeof refund.charge === "string" ? refund.charge : refund.charge?.id;
  const charge = chargeId ? engine.store.get("charge", chargeId) : undefined;
  if (charge) recomputeCharge(engine, charge);
  const previous = previousAttributes(before, refund);
  engine.emit("refund.updated", refund, previous);
  engine.emit("charge.refund.updated", refund, previous);
  if (to === "failed") engine.emit("refund.failed", refund);
  engine.store.markDirty();
  return refund;
}

/** The card's refund test behaviour decides the first status and what comes later. */
function refundProfile(engine: Engine, charge: Stripe.Charge) {
  const pm = typeof charge.payment_method === "string" ? charge.payment_method : null;
  return pm ? pmMeta(engine, pm).afterCharge?.refund : undefined;
}

export function registerRefunds(router: Router, engine: Engine): void {
  engine.includables.set("charge.refunds", (owner) => {
    const id = String(owner.id);
    const data = engine.store
      .all("refund")
      .filter((r) => r.charge === id)
      .reverse();
    return fullList(data, `/v1/charges/${id}/refunds`);
  });
  engine.onTick((e) => {
    const now = e.now();
    for (const [id, meta] of Object.entries(e.store.state.meta.refund)) {
      if (meta.settleAt > now) continue;
      const refund = e.store.get("refund", id);
      if (refund) settleRefund(e, refund, meta.to);
      else delete e.store.state.meta.refund[id];
    }
  });

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
      if (openChargeback(engine, charge.id)) {
        throw invalidRequest(`Charge ${charge.id} has been charged back; cannot issue a refund.`, {
          code: "charge_disputed",
        });
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
      const profile = refundProfile(engine, charge);
      const pending = profile === "pending_then_succeeds";
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
            reference_status: pending ? "pending" : "available",
            reference_type: "acquirer_reference_number",
            type: "refund",
          },
          type: "card",
        },
        metadata: metadataOf(params),
        payment_intent: pi?.id ?? null,
        payment_method: charge.payment_method,
        ...(pending ? { pending_reason: "processing" as const } : {}),
        reason: params.oneOf("reason", ["duplicate", "fraudulent", "requested_by_customer"]) ?? null,
        receipt_number: null,
        source_transfer_reversal: null,
        status: pending ? "pending" : "succeeded",
        transfer_reversal: null,
      };
      engine.store.put("refund", refund);
      if (profile) {
        engine.store.state.meta.refund[refund.id] = {
          settleAt: engine.now() + REFUND_SETTLE_SECONDS,
          to: pending ? "succeeded" : "failed",
        };
      }
      recomputeCharge(engine, charge);
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

  router.get("/v1/refunds/:id", ({ engine, pathParams }) => getRefund(engine, pathParams.id ?? ""));

  router.post(
    "/v1/refunds/:id",
    ({ engine, pathParams, params }) => {
      const r = getRefund(engine, pathParams.id ?? "");
      const before = clone(r);
      r.metadata = applyMetadata(r.metadata ?? {}, params);
      engine.emit("refund.updated", r, previousAttributes(before, r));
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
