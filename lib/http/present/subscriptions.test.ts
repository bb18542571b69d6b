import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AppError } from "@/lib/errors";
import type { PendingPayment } from "@/lib/payments/intent-outcome";
import type { PlanChange } from "@/lib/subscriptions/change-plan";
import { type InvoiceBrief, settleChangePayment } from "@/lib/subscriptions/mutation";
import { findPlan } from "@/lib/subscriptions/plans";
import type { SubscriptionRow } from "@/lib/subscriptions/sync";
import {
  presentCanceled,
  presentFixedPayment,
  presentPlanChange,
  presentSubscribe,
  presentSubscription,
} from "./subscriptions";

const basic = findPlan(1)!;
const standard = findPlan(2)!;

const row = (over: Partial<SubscriptionRow> = {}): SubscriptionRow => ({
  id: 7,
  accountId: "00000000-0000-4000-8000-000000000001",
  planId: 2,
  category: "imagen",
  stripeSubscriptionId: "sub_123",
  stripeCustomerId: "cus_123",
  stripePriceId: "price_123",
  status: "active",
  pausedAt: null,
  cancelAtPeriodEnd: false,
  cancelAt: null,
  canceledAt: null,
  endedAt: null,
  currentPeriodStart: new Date("2026-11-01T00:00:00Z"),
  currentPeriodEnd: new Date("2026-12-01T00:00:00Z"),
  activatedAt: new Date("2026-11-01T00:00:00Z"),
  quotaLimit: 10_000,
  quotaUsed: 250,
  quotaPeriodStart: new Date("2026-11-01T00:00:00Z"),
  latestInvoiceId: "in_1",
  defaultPaymentMethodId: "pm_1",
  checkoutSessionId: null,
  failureNotifiedInvoiceId: null,
  createdByUserId: null,
  syncedAt: new Date("2026-11-01T00:00:00Z"),
  createdAt: new Date("2026-11-01T00:00:00Z"),
  updatedAt: new Date("2026-11-01T00:00:00Z"),
  ...over,
});

const pending: PendingPayment = {
  kind: "requires_action",
  paymentIntentId: "pi_3ds",
  clientSecret: "pi_3ds_secret_x",
  nextActionUrl: "http://127.0.0.1:3999/pay/authenticate/pi_3ds",
  status: "requires_action",
};

const invoice = (over: Partial<InvoiceBrief> = {}): InvoiceBrief => ({
  id: "in_2",
  number: "ABC-0002",
  status: "paid",
  billingReason: "subscription_update",
  totalMinor: 2_000,
  amountDueMinor: 2_000,
  amountPaidMinor: 2_000,
  currency: "USD",
  ...over,
});

describe("the subscription API's wire shapes", () => {
  test("a subscription: contract status, USD plan price, ISO dates, usage left", () => {
    const view = presentSubscription(row({ pausedAt: new Date("2026-11-10T00:00:00Z") }));
    assert.equal(view.status, "paused", "collection paused at Stripe is `paused` to the contract");
    assert.equal(view.stripe_status, "active");
    assert.deepEqual(view.plan, {
      id: 2,
      name: "Standard",
      period: "monthly",
      type: "standard",
      price: 29,
      currency: "USD",
    });
    assert.deepEqual(view.usage, {
      api_call_limit: 10_000,
      api_calls_used: 250,
      api_calls_remaining: 9_750,
      period_start: "2026-11-01T00:00:00.000Z",
      period_end: "2026-12-01T00:00:00.000Z",
    });
    assert.equal(view.paused_at, "2026-11-10T00:00:00.000Z");
  });

  test("201 for a paid purchase, with the payment and the calls included", () => {
    const answer = presentSubscribe({
      kind: "active",
      plan: basic,
      subscription: row({ planId: 1 }),
      paymentIntentId: "pi_ok",
      invoiceId: "in_1",
    });
    assert.equal(answer.status, 201);
    const body = answer.data as Record<string, unknown>;
    assert.deepEqual(Object.keys(body), [
      "message",
      "subscription",
      "stripe_subscription_id",
      "status",
      "payment",
    ]);
    assert.equal(
      body.message,
      "Subscribed to Basic ($9.00/month). 2,000 generation calls are included per period.",
    );
    assert.equal(body.status, "active");
    assert.deepEqual(body.payment, { status: "succeeded", payment_intent_id: "pi_ok", invoice_id: "in_1" });
  });

  test("202 for a first payment waiting for 3-D Secure: the page to open and what to poll", () => {
    const answer = presentSubscribe({
      kind: "requires_action",
      plan: basic,
      subscription: row({ planId: 1, status: "incomplete" }),
      payment: pending,
    });
    assert.equal(answer.status, 202);
    const body = answer.data as Record<string, unknown>;
    assert.equal(body.status, "requires_action");
    assert.deepEqual(body.payment, {
      status: "requires_action",
      payment_intent_id: "pi_3ds",
      client_secret: "pi_3ds_secret_x",
      next_action_url: "http://127.0.0.1:3999/pay/authenticate/pi_3ds",
    });
    assert.equal(body.stripe_subscription_id, "sub_123");
    assert.equal(
      body.message,
      "Additional authentication is required. Ask a human to open http://127.0.0.1:3999/pay/authenticate/pi_3ds to authenticate the first payment of Basic ($9.00/month), then poll GET /api/agents/v1/subscriptions/7/status until it is active.",
    );
  });

  const change = (over: Partial<PlanChange>): PlanChange =>
    ({
      kind: "done",
      subscription: row(),
      plan: standard,
      previousPlanId: 1,
      previousPlan: basic,
      invoice: invoice(),
      ...over,
    }) as PlanChange;

  test("a plan change: the prorated charge, or the credit, in USD", () => {
    const charged = presentPlanChange(change({}));
    assert.equal(charged.status, 200);
    const body = charged.data as Record<string, unknown>;
    assert.equal(
      body.message,
      "Changed from Basic to Standard ($29.00/month). The prorated difference was invoiced now (20 USD).",
    );
    assert.deepEqual(body.proration, {
      id: "in_2",
      status: "paid",
      billing_reason: "subscription_update",
      total: 20,
      amount_due: 20,
      amount_paid: 20,
      currency: "USD",
      credited: 0,
    });
    assert.equal(body.previous_plan_id, 1);

    const credited = presentPlanChange(
      change({ invoice: invoice({ totalMinor: -1_050, amountDueMinor: 0, amountPaidMinor: 0 }) }),
    ).data as Record<string, unknown>;
    assert.match(
      String(credited.message),
      /The unused time was credited \(10\.5 USD\) against future invoices\.$/,
    );
    assert.equal((credited.proration as { credited: number }).credited, 10.5);

    const none = presentPlanChange(change({ invoice: null })).data as Record<string, unknown>;
    assert.equal(none.message, "Changed from Basic to Standard ($29.00/month).");
    assert.equal(none.proration, null);
  });

  test("a plan change whose charge needs 3-D Secure is a 202 that keeps the change's fields", () => {
    const answer = presentPlanChange(change({ kind: "requires_action", payment: pending }));
    assert.equal(answer.status, 202);
    const body = answer.data as Record<string, unknown>;
    assert.deepEqual(Object.keys(body), [
      "message",
      "subscription",
      "previous_plan_id",
      "proration",
      "status",
      "payment",
    ]);
    assert.equal(
      body.message,
      "Changed from Basic to Standard ($29.00/month). The prorated difference was invoiced now (20 USD). The charge needs authentication: ask a human to open http://127.0.0.1:3999/pay/authenticate/pi_3ds, then poll GET /api/agents/v1/subscriptions/7/status.",
    );
  });

  test("a declined change is the purchase's 402, naming where to repair it", () => {
    assert.throws(
      () =>
        settleChangePayment(row({ status: "past_due" }), {
          kind: "declined",
          paymentIntentId: "pi_no",
          declineCode: "insufficient_funds",
          message: "Your card has insufficient funds.",
        }),
      (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.status, 402);
        assert.equal(error.message, "Your card has insufficient funds.");
        assert.deepEqual(error.details, {
          decline_code: "insufficient_funds",
          payment_intent_id: "pi_no",
          subscription_id: 7,
          status: "past_due",
          fix: "POST /api/agents/v1/subscriptions/7/fix-payment",
        });
        return true;
      },
    );
  });

  test("fix-payment: 200 naming the paid invoice, 202 with the page to open", () => {
    const paid = presentFixedPayment({
      kind: "paid",
      subscription: row(),
      invoice: invoice({ billingReason: "subscription_cycle" }),
      paymentIntentId: "pi_fix",
    });
    assert.equal(paid.status, 200);
    const body = paid.data as Record<string, unknown>;
    assert.equal(body.message, "Invoice ABC-0002 is paid; the subscription is active.");
    assert.deepEqual(body.payment, { status: "succeeded", payment_intent_id: "pi_fix" });

    const waiting = presentFixedPayment({
      kind: "requires_action",
      subscription: row({ status: "past_due" }),
      invoice: invoice({ status: "open", amountPaidMinor: 0 }),
      payment: pending,
    });
    assert.equal(waiting.status, 202);
    assert.deepEqual(Object.keys(waiting.data as object), [
      "status",
      "payment",
      "subscription",
      "invoice",
      "message",
    ]);
  });

  test("cancel at the period end says when, and how to take it back", () => {
    const body = presentCanceled({ kind: "scheduled", subscription: row({ cancelAtPeriodEnd: true }) });
    assert.equal(
      body.message,
      "Set to cancel at the end of the period (2026-12-01T00:00:00.000Z): nothing more will be charged, and the plan works until then. Take it back with POST /api/agents/v1/subscriptions/7/resume.",
    );
    assert.equal(body.subscription.cancel_at_period_end, true);
  });
});
