/**
 * Disputes on succeeded charges. One opens by itself right after a charge on a dispute test card
 * succeeds (…0259, …2685, …1976), or on any charge through `/_emulator/charges/{id}/dispute`; it
 * closes through `POST /v1/disputes/{id}` with `evidence[uncategorized_text]` set to
 * `winning_evidence` / `losing_evidence` (Stripe's test-mode convention), `POST
 * /v1/disputes/{id}/close` (accepting the loss), or `/_emulator/disputes/{id}/close`.
 *
 * Statuses and events, as Stripe has them: a chargeback opens `needs_response` with
 * `charge.dispute.created` and `charge.dispute.funds_withdrawn` (the amount leaves the balance);
 * an inquiry opens `warning_needs_response` with `charge.dispute.created` only. Evidence moves
 * either to `(warning_)under_review` with `charge.dispute.updated`. Closing emits
 * `charge.dispute.closed` with `won` / `lost` (an inquiry dismissed closes `warning_closed`; one
 * lost becomes a chargeback and its funds are withdrawn then); a won chargeback also emits
 * `charge.dispute.funds_reinstated`.
 */
import type Stripe from "stripe";
import { clone, type Engine, previousAttributes } from "../engine";
import { invalidRequest, noSuch } from "../http/errors";
import { createdFilter, LIST_PARAMS, paginate } from "../http/lists";
import { applyMetadata } from "../http/params";
import type { Router } from "../http/router";
import { newId } from "../ids";
import { pmMeta } from "./payment-methods";

const CLOSED = new Set(["won", "lost", "warning_closed", "prevented"]);
/** A dispute fee, as Stripe charges in the US; returned when the dispute is won. */
const DISPUTE_FEE = 1500;
/** How long the merchant has to answer (Stripe's due dates run one to three weeks). */
const RESPONSE_DAYS = 7;

const EVIDENCE_FIELDS = [
  "access_activity_log",
  "billing_address",
  "cancellation_policy",
  "cancellation_policy_disclosure",
  "cancellation_rebuttal",
  "customer_communication",
  "customer_email_address",
  "customer_name",
  "customer_purchase_ip",
  "customer_signature",
  "duplicate_charge_documentation",
  "duplicate_charge_explanation",
  "duplicate_charge_id",
  "product_description",
  "receipt",
  "refund_policy",
  "refund_policy_disclosure",
  "refund_refusal_explanation",
  "service_date",
  "service_documentation",
  "shipping_address",
  "shipping_carrier",
  "shipping_date",
  "shipping_documentation",
  "shipping_tracking_number",
  "uncategorized_file",
  "uncategorized_text",
] as const;

type EvidenceField = (typeof EVIDENCE_FIELDS)[number];

function emptyEvidence(): Stripe.Dispute.Evidence {
  const evidence = Object.fromEntries(EVIDENCE_FIELDS.map((f) => [f, null])) as Record<EvidenceField, null>;
  return { ...evidence, enhanced_evidence: {} };
}

export const isClosed = (d: Stripe.Dispute) => CLOSED.has(d.status);
const isInquiry = (d: Stripe.Dispute) => d.payment_method_details?.card?.case_type === "inquiry";

export function getDispute(engine: Engine, id: string): Stripe.Dispute {
  const dispute = engine.store.get("dispute", id);
  if (!dispute) throw noSuch("dispute", id);
  return dispute;
}

/** An open chargeback (not an inquiry) on the charge: it blocks refunds, as at Stripe. */
export function openChargeback(engine: Engine, chargeId: string): Stripe.Dispute | undefined {
  return engine.store
    .all("dispute")
    .find((d) => d.charge === chargeId && !isClosed(d) && !d.is_charge_refundable);
}

function balanceTransaction(
  engine: Engine,
  dispute: Stripe.Dispute,
  direction: "withdrawn" | "reinstated",
): Stripe.BalanceTransaction {
  const now = engine.now();
  const sign = direction === "withdrawn" ? -1 : 1;
  const fee = direction === "withdrawn" ? DISPUTE_FEE : -DISPUTE_FEE;
  return {
    id: newId("txn_"),
    object: "balance_transaction",
    amount: sign * dispute.amount,
    available_on: now,
    balance_type: "payments",
    created: now,
    currency: dispute.currency,
    description: direction === "withdrawn" ? "Chargeback withdrawal" : "Chargeback reversal",
    exchange_rate: null,
    fee,
    fee_details: [
      {
        amount: fee,
        application: null,
        currency: dispute.currency,
        description: "Dispute fee",
        type: "stripe_fee",
      },
    ],
    net: sign * dispute.amount - fee,
    reporting_category: direction === "withdrawn" ? "dispute" : "dispute_reversal",
    source: dispute.id,
    status: "available",
    type: "adjustment",
  };
}

function withdrawFunds(engine: Engine, dispute: Stripe.Dispute): void {
  dispute.balance_transactions.push(balanceTransaction(engine, dispute, "withdrawn"));
  engine.emit("charge.dispute.funds_withdrawn", dispute);
}

export interface OpenDisputeInput {
  reason: string;
  inquiry: boolean;
  networkReasonCode?: string;
  amount?: number;
}

export function openDispute(engine: Engine, charge: Stripe.Charge, input: OpenDisputeInput): Stripe.Dispute {
  if (charge.status !== "succeeded" || !charge.captured) {
    throw invalidRequest(`Charge ${charge.id} did not succeed, so it cannot be disputed.`);
  }
  const disputable = charge.amount_captured - charge.amount_refunded;
  if (disputable <= 0) throw invalidRequest(`Charge ${charge.id} has been fully refunded.`);
  if (engine.store.all("dispute").some((d) => d.charge === charge.id && !isClosed(d))) {
    throw invalidRequest(`Charge ${charge.id} already has an open dispute.`);
  }
  const amount = input.amount ?? disputable;
  if (!Number.isInteger(amount) || amount < 1 || amount > disputable) {
    throw invalidRequest(`The dispute amount must be between 1 and ${disputable}.`, { param: "amount" });
  }
  const now = engine.now();
  const brand = charge.payment_method_details?.card?.brand ?? "visa";
  const dueBy = (Math.floor(now / 86400) + RESPONSE_DAYS + 1) * 86400 - 1;
  const dispute: Stripe.Dispute = {
    id: newId("dp_"),
    object: "dispute",
    amount,
    balance_transactions: [],
    charge: charge.id,
    created: now,
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: emptyEvidence(),
    evidence_details: {
      due_by: dueBy,
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      submission_method: "not_submitted",
    },
    intended_submission_method: null,
    is_charge_refundable: input.inquiry,
    livemode: false,
    metadata: {},
    payment_intent: typeof charge.payment_intent === "string" ? charge.payment_intent : null,
    payment_method_details: {
      card: {
        brand,
        case_type: input.inquiry ? "inquiry" : "chargeback",
        network: brand,
        network_reason_code: input.networkReasonCode ?? null,
      },
      type: "card",
    },
    reason: input.reason,
    status: input.inquiry ? "warning_needs_response" : "needs_response",
  };
  engine.store.put("dispute", dispute);
  charge.disputed = true;
  engine.emit("charge.dispute.created", dispute);
  if (!input.inquiry) withdrawFunds(engine, dispute);
  engine.store.markDirty();
  return dispute;
}

/** Ends a dispute the way the card network would decide it. */
export function closeDispute(
  engine: Engine,
  dispute: Stripe.Dispute,
  outcome: "won" | "lost",
): Stripe.Dispute {
  if (isClosed(dispute)) throw invalidRequest(`This dispute is already closed (status: ${dispute.status}).`);
  const before = clone(dispute);
  const inquiry = isInquiry(dispute);
  if (outcome === "won") {
    dispute.status = inquiry ? "warning_closed" : "won";
  } else {
    dispute.status = "lost";
    dispute.is_charge_refundable = false;
    if (inquiry) withdrawFunds(engine, dispute);
  }
  engine.emit("charge.dispute.closed", dispute, previousAttributes(before, dispute));
  if (outcome === "won" && !inquiry) {
    dispute.balance_transactions.push(balanceTransaction(engine, dispute, "reinstated"));
    engine.emit("charge.dispute.funds_reinstated", dispute);
  }
  engine.store.markDirty();
  return dispute;
}

/**
 * A dispute test card's charge is disputed as soon as it succeeds. Installed after every other
 * reaction to a succeeded payment (invoice paid, Checkout completed), so the dispute's events come
 * last, as they would at Stripe where the cardholder disputes later.
 */
export function installDisputeTestCards(engine: Engine): void {
  engine.on("payment_intent.succeeded", (piId) => {
    const pi = engine.store.get("payment_intent", piId);
    const charge =
      typeof pi?.latest_charge === "string" ? engine.store.get("charge", pi.latest_charge) : undefined;
    const pm = typeof charge?.payment_method === "string" ? charge.payment_method : null;
    const profile = pm ? pmMeta(engine, pm).afterCharge?.dispute : undefined;
    if (charge && profile) openDispute(engine, charge, profile);
  });
}

export function registerDisputes(router: Router): void {
  router.get("/v1/disputes/:id", ({ engine, pathParams }) => getDispute(engine, pathParams.id ?? ""));

  router.get(
    "/v1/disputes",
    ({ engine, params }) => {
      const charge = params.text("charge");
      const pi = params.text("payment_intent");
      const created = createdFilter(params);
      const items = engine.store
        .all("dispute")
        .filter(
          (d) => (!charge || d.charge === charge) && (!pi || d.payment_intent === pi) && created(d.created),
        );
      return paginate(items, params, "/v1/disputes", "dispute");
    },
    { params: [...LIST_PARAMS, "charge", "payment_intent", "created"] },
  );

  router.post(
    "/v1/disputes/:id",
    ({ engine, pathParams, params }) => {
      const dispute = getDispute(engine, pathParams.id ?? "");
      if (isClosed(dispute)) {
        throw invalidRequest(`This dispute is already closed (status: ${dispute.status}).`);
      }
      const before = clone(dispute);
      dispute.metadata = applyMetadata(dispute.metadata ?? {}, params);
      const evidence = params.obj("evidence");
      if (evidence) {
        const fields = dispute.evidence as unknown as Record<string, unknown>;
        for (const field of EVIDENCE_FIELDS) {
          const value = evidence.text(field, { max: 150_000 });
          if (value !== undefined) fields[field] = value;
        }
      }
      const method = params.oneOf("intended_submission_method", [
        "manual",
        "prefer_manual",
        "prefer_smart_disputes",
        "smart_disputes",
      ]);
      if (method) dispute.intended_submission_method = method;
      const submit = params.bool("submit") ?? true;
      if (submit) {
        const details = dispute.evidence_details;
        details.has_evidence = true;
        details.submission_count += 1;
        details.submission_method = "manual";
        dispute.status = isInquiry(dispute) ? "warning_under_review" : "under_review";
      }
      engine.emit("charge.dispute.updated", dispute, previousAttributes(before, dispute));
      // Stripe's test mode decides a submitted dispute by these two evidence strings.
      const text = dispute.evidence.uncategorized_text;
      if (submit && text === "winning_evidence") closeDispute(engine, dispute, "won");
      if (submit && text === "losing_evidence") closeDispute(engine, dispute, "lost");
      return dispute;
    },
    { params: ["evidence", "metadata", "submit", "intended_submission_method"] },
  );

  router.post("/v1/disputes/:id/close", ({ engine, pathParams }) =>
    closeDispute(engine, getDispute(engine, pathParams.id ?? ""), "lost"),
  );
}
