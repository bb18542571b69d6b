/** Refund status transitions and disputes: objects, statuses, events and the /_emulator triggers. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Stripe } from "./sdk";
import { cardPm, type Harness, SERVER_CONFIRM, setup, stripeError } from "./support";

let h: Harness;
before(async () => {
  h = await setup({ withWebhooks: true });
});
after(() => h.close());

async function paid(number: string, amount = 5000): Promise<Stripe.PaymentIntent> {
  const pm = await cardPm(h, number);
  return h.stripe.paymentIntents.create({
    amount,
    currency: "usd",
    payment_method: pm.id,
    confirm: true,
    ...SERVER_CONFIRM,
  });
}

/** The types of the events about one object, oldest first. */
async function eventTypes(objectId: string): Promise<string[]> {
  const out: string[] = [];
  for await (const event of h.stripe.events.list({ limit: 100 })) {
    if ((event.data.object as { id?: string }).id === objectId) out.push(event.type);
  }
  return out.reverse();
}

async function eventsOf(objectId: string, type: string): Promise<Stripe.Event[]> {
  const out: Stripe.Event[] = [];
  for await (const event of h.stripe.events.list({ type, limit: 100 })) {
    if ((event.data.object as { id?: string }).id === objectId) out.push(event);
  }
  return out;
}

const advance = (seconds: number) => h.helper("POST", "/_emulator/clock/advance", { seconds });

describe("refund status transitions", () => {
  it("a plain card refund succeeds at once: refund.created and charge.refunded, nothing later", async () => {
    const pi = await paid("4242424242424242");
    const refund = await h.stripe.refunds.create({ payment_intent: pi.id, amount: 1200 });
    assert.equal(refund.status, "succeeded");
    assert.equal(refund.pending_reason, undefined);
    assert.deepEqual(await eventTypes(refund.id), ["refund.created"]);
    const charge = await h.stripe.charges.retrieve(String(pi.latest_charge), { expand: ["refunds"] });
    assert.equal(charge.amount_refunded, 1200);
    assert.deepEqual(
      charge.refunds?.data.map((r) => r.id),
      [refund.id],
      "refunds is includable on a charge",
    );
    assert.equal((await eventsOf(charge.id, "charge.refunded")).length, 1);
    await advance(3600);
    assert.equal((await h.stripe.refunds.retrieve(refund.id)).status, "succeeded");
  });

  it("…7726: pending, counted in amount_refunded, then succeeded by the trigger with both update events", async () => {
    const pi = await paid("4000000000007726");
    const refund = await h.stripe.refunds.create({ payment_intent: pi.id });
    assert.equal(refund.status, "pending");
    assert.equal(refund.pending_reason, "processing");
    let charge = await h.stripe.charges.retrieve(String(pi.latest_charge));
    assert.equal(charge.amount_refunded, 5000);
    assert.equal(charge.refunded, true);
    const done = await h.helper("POST", `/_emulator/refunds/${refund.id}/succeed`);
    assert.equal(done.status, 200);
    assert.equal(done.body.status, "succeeded");
    assert.equal((await h.stripe.refunds.retrieve(refund.id)).status, "succeeded");
    assert.deepEqual(await eventTypes(refund.id), [
      "refund.created",
      "refund.updated",
      "charge.refund.updated",
    ]);
    const [updated] = await eventsOf(refund.id, "charge.refund.updated");
    assert.equal((updated!.data.previous_attributes as { status?: string }).status, "pending");
    charge = await h.stripe.charges.retrieve(String(pi.latest_charge));
    assert.equal(charge.amount_refunded, 5000);
    const again = await h.helper("POST", `/_emulator/refunds/${refund.id}/succeed`);
    assert.equal(again.status, 400, "a succeeded refund cannot succeed again");
  });

  it("…7726: a pending refund settles by itself once the clock moves on", async () => {
    const pi = await paid("4000000000007726");
    const refund = await h.stripe.refunds.create({ payment_intent: pi.id, amount: 700 });
    await advance(599);
    assert.equal((await h.stripe.refunds.retrieve(refund.id)).status, "pending");
    await advance(2);
    assert.equal((await h.stripe.refunds.retrieve(refund.id)).status, "succeeded");
  });

  it("…5126: succeeded, then failed: the amount returns to the charge, with refund.failed", async () => {
    const pi = await paid("4000000000005126", 3000);
    const refund = await h.stripe.refunds.create({ payment_intent: pi.id });
    assert.equal(refund.status, "succeeded");
    assert.equal((await h.stripe.charges.retrieve(String(pi.latest_charge))).refunded, true);
    await advance(601);
    const failed = await h.stripe.refunds.retrieve(refund.id);
    assert.equal(failed.status, "failed");
    assert.equal(failed.failure_reason, "expired_or_canceled_card");
    assert.match(String(failed.failure_balance_transaction), /^txn_/);
    const charge = await h.stripe.charges.retrieve(String(pi.latest_charge));
    assert.equal(charge.amount_refunded, 0);
    assert.equal(charge.refunded, false);
    assert.deepEqual(await eventTypes(refund.id), [
      "refund.created",
      "refund.updated",
      "charge.refund.updated",
      "refund.failed",
    ]);
    // The money is back on the charge, so it can be refunded again.
    const second = await h.stripe.refunds.create({ payment_intent: pi.id });
    assert.equal(second.amount, 3000);
  });

  it("the triggers: fail a succeeded refund, cancel a pending one; impossible moves are 400", async () => {
    const pi = await paid("4242424242424242");
    const refund = await h.stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
    assert.equal((await h.helper("POST", `/_emulator/refunds/${refund.id}/cancel`)).status, 400);
    assert.equal((await h.helper("POST", `/_emulator/refunds/${refund.id}/fail`)).body.status, "failed");
    assert.equal((await h.helper("POST", `/_emulator/refunds/${refund.id}/fail`)).status, 400);
    const pending = await h.stripe.refunds.create({
      payment_intent: (await paid("4000000000007726")).id,
    });
    const canceled = await h.helper("POST", `/_emulator/refunds/${pending.id}/cancel`);
    assert.equal(canceled.body.status, "canceled");
    assert.equal((await h.stripe.charges.retrieve(String(pending.charge))).amount_refunded, 0);
    assert.equal((await h.helper("POST", "/_emulator/refunds/re_missing/fail")).status, 404);
  });

  it("a webhook carries each change, signed", async () => {
    const pi = await paid("4000000000007726", 900);
    const refund = await h.stripe.refunds.create({ payment_intent: pi.id });
    await h.helper("POST", `/_emulator/refunds/${refund.id}/succeed`);
    const hit = await h.receiver!.waitFor(
      (r) => r.event.type === "charge.refund.updated" && r.event.data.object.id === refund.id,
    );
    assert.equal(hit.event.data.object.status, "succeeded");
    assert.match(String(hit.headers["stripe-signature"]), /^t=\d+,v1=[0-9a-f]{64}$/);
  });
});

describe("disputes", () => {
  it("…0259: disputed as fraudulent right after it succeeds, funds withdrawn; retrieve and list", async () => {
    const pi = await paid("4000000000000259", 4200);
    const [dispute] = (await h.stripe.disputes.list({ payment_intent: pi.id })).data;
    assert.ok(dispute, "a dispute was opened");
    assert.match(dispute.id, /^dp_/);
    assert.equal(dispute.amount, 4200);
    assert.equal(dispute.charge, pi.latest_charge);
    assert.equal(dispute.payment_intent, pi.id);
    assert.equal(dispute.reason, "fraudulent");
    assert.equal(dispute.status, "needs_response");
    assert.equal(dispute.is_charge_refundable, false);
    assert.equal(dispute.payment_method_details?.card?.case_type, "chargeback");
    assert.equal(dispute.balance_transactions.length, 1);
    assert.equal(dispute.balance_transactions[0]?.amount, -4200);
    assert.deepEqual((await h.stripe.disputes.retrieve(dispute.id)).id, dispute.id);
    assert.equal((await h.stripe.disputes.list({ charge: String(pi.latest_charge) })).data.length, 1);
    assert.deepEqual(await eventTypes(dispute.id), [
      "charge.dispute.created",
      "charge.dispute.funds_withdrawn",
    ]);
    assert.equal((await h.stripe.charges.retrieve(String(pi.latest_charge))).disputed, true);
    const refused = await stripeError(() => h.stripe.refunds.create({ payment_intent: pi.id }));
    assert.equal(refused.code, "charge_disputed");
    const missing = await stripeError(() => h.stripe.disputes.retrieve("dp_nothere"));
    assert.equal(missing.statusCode, 404);
  });

  it("winning evidence: under_review, then won with the funds reinstated", async () => {
    const pi = await paid("4000000000002685", 3100);
    const [dispute] = (await h.stripe.disputes.list({ payment_intent: pi.id })).data;
    assert.equal(dispute?.reason, "product_not_received");
    const won = await h.stripe.disputes.update(dispute!.id, {
      evidence: { uncategorized_text: "winning_evidence", product_description: "Wallet credit" },
    });
    assert.equal(won.status, "won");
    assert.equal(won.evidence.product_description, "Wallet credit");
    assert.equal(won.evidence_details.submission_count, 1);
    assert.equal(won.evidence_details.has_evidence, true);
    assert.deepEqual(
      won.balance_transactions.map((t) => t.amount),
      [-3100, 3100],
    );
    assert.deepEqual(await eventTypes(won.id), [
      "charge.dispute.created",
      "charge.dispute.funds_withdrawn",
      "charge.dispute.updated",
      "charge.dispute.closed",
      "charge.dispute.funds_reinstated",
    ]);
    const [updated] = await eventsOf(won.id, "charge.dispute.updated");
    assert.equal((updated!.data.object as Stripe.Dispute).status, "under_review");
    const closedAgain = await stripeError(() => h.stripe.disputes.close(won.id));
    assert.equal(closedAgain.statusCode, 400);
  });

  it("evidence without submitting keeps it open; losing evidence loses it, without reinstatement", async () => {
    const pi = await paid("4000000000000259", 2000);
    const [dispute] = (await h.stripe.disputes.list({ payment_intent: pi.id })).data;
    const draft = await h.stripe.disputes.update(dispute!.id, {
      evidence: { uncategorized_text: "losing_evidence" },
      submit: false,
      metadata: { ticket: "7" },
    });
    assert.equal(draft.status, "needs_response");
    assert.deepEqual(draft.metadata, { ticket: "7" });
    const lost = await h.stripe.disputes.update(dispute!.id, {});
    assert.equal(lost.status, "lost");
    assert.equal(lost.balance_transactions.length, 1);
    assert.equal((await eventsOf(lost.id, "charge.dispute.funds_reinstated")).length, 0);
    assert.equal((await eventsOf(lost.id, "charge.dispute.closed")).length, 1);
  });

  it("…1976: an inquiry withdraws nothing and leaves the charge refundable; accepting it loses it", async () => {
    const pi = await paid("4000000000001976", 1500);
    const [inquiry] = (await h.stripe.disputes.list({ payment_intent: pi.id })).data;
    assert.equal(inquiry?.status, "warning_needs_response");
    assert.equal(inquiry?.is_charge_refundable, true);
    assert.equal(inquiry?.payment_method_details?.card?.case_type, "inquiry");
    assert.deepEqual(await eventTypes(inquiry!.id), ["charge.dispute.created"]);
    const closed = await h.stripe.disputes.close(inquiry!.id);
    assert.equal(closed.status, "lost");
    assert.deepEqual(await eventTypes(inquiry!.id), [
      "charge.dispute.created",
      "charge.dispute.funds_withdrawn",
      "charge.dispute.closed",
    ]);
  });

  it("the triggers: open a partial dispute on any charge, decide it; bad calls are refused", async () => {
    const pi = await paid("4242424242424242", 6000);
    await h.stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
    const opened = await h.helper("POST", `/_emulator/charges/${pi.id}/dispute`, { amount: 2500 });
    assert.equal(opened.status, 200);
    assert.equal(opened.body.amount, 2500);
    assert.equal(opened.body.status, "needs_response");
    const twice = await h.helper("POST", `/_emulator/charges/${pi.latest_charge}/dispute`, {});
    assert.equal(twice.status, 400, "one open dispute per charge");
    const bad = await h.helper("POST", `/_emulator/disputes/${opened.body.id}/close`, { outcome: "maybe" });
    assert.equal(bad.status, 400);
    const won = await h.helper("POST", `/_emulator/disputes/${opened.body.id}/close`, { outcome: "won" });
    assert.equal(won.body.status, "won");
    const inquiry = await h.helper("POST", `/_emulator/charges/${pi.id}/dispute`, { inquiry: true });
    assert.equal(inquiry.body.amount, 5000, "defaults to what is not refunded");
    const dismissed = await h.helper("POST", `/_emulator/disputes/${inquiry.body.id}/close`, {
      outcome: "won",
    });
    assert.equal(dismissed.body.status, "warning_closed");
    const full = await paid("4242424242424242", 800);
    await h.stripe.refunds.create({ payment_intent: full.id });
    assert.equal((await h.helper("POST", `/_emulator/charges/${full.id}/dispute`, {})).status, 400);
    assert.equal((await h.helper("POST", "/_emulator/charges/ch_missing/dispute", {})).status, 404);
    const listed = await h.stripe.disputes.list({ created: { gte: 0 }, limit: 2 });
    assert.equal(listed.data.length, 2);
    assert.equal(listed.has_more, true);
  });

  it("has the fields of Stripe's dispute object", async () => {
    const pi = await paid("4000000000000259");
    const [dispute] = (await h.stripe.disputes.list({ payment_intent: pi.id })).data;
    // The keys of Stripe's published example dispute, plus fields newer than that example.
    const expected = [
      "amount",
      "balance_transactions",
      "charge",
      "created",
      "currency",
      "enhanced_eligibility_types",
      "evidence",
      "evidence_details",
      "id",
      "intended_submission_method",
      "is_charge_refundable",
      "livemode",
      "metadata",
      "object",
      "payment_intent",
      "payment_method_details",
      "reason",
      "status",
    ];
    assert.deepEqual(
      Object.keys(dispute!)
        .filter((k) => k !== "lastResponse")
        .sort(),
      expected,
    );
    assert.deepEqual(Object.keys(dispute!.evidence_details).sort(), [
      "due_by",
      "enhanced_eligibility",
      "has_evidence",
      "past_due",
      "submission_count",
      "submission_method",
    ]);
    assert.equal(Object.keys(dispute!.evidence).length, 28);
  });
});
