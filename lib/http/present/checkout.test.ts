import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { LinkWatchEvent } from "@/lib/checkout/link-status";
import type { CheckoutLink } from "@/lib/checkout/links";
import { findPlan } from "@/lib/subscriptions/plans";
import { linkStatusStream, presentCreatedLink, presentFundingCheckout, presentLink } from "./checkout";
import { presentSubscriptionCheckout } from "./subscriptions";

const EXPIRES = new Date("2026-03-04T05:36:07.000Z");

const link = (over: Partial<CheckoutLink> = {}): CheckoutLink => ({
  sessionId: "cs_test_abc",
  accountId: "00000000-0000-4000-8000-000000000002",
  createdByUserId: null,
  purpose: "fund",
  amountMinor: 1234,
  planId: null,
  url: "https://checkout.example/pay/cs_test_abc",
  cancelToken: "tok_0123456789abcdef",
  status: "open",
  expiresAt: EXPIRES,
  fulfilledAt: null,
  fulfilledBy: null,
  agentWaitingUntil: null,
  createdAt: EXPIRES,
  updatedAt: EXPIRES,
  ...over,
});

const STATUS_URL = "http://127.0.0.1:3999/api/agents/v1/billing/payment-link/cs_test_abc";

describe("payment-link presenters", () => {
  test("a funding link names its amount; a subscribe link its plan_id (never both)", () => {
    assert.deepEqual(presentLink(link()), {
      session_id: "cs_test_abc",
      status: "open",
      purpose: "fund",
      amount: 12.34,
      currency: "USD",
      payment_url: "https://checkout.example/pay/cs_test_abc",
      expires_at: "2026-03-04T05:36:07.000Z",
      fulfilled_at: null,
      status_url: STATUS_URL,
    });
    const subscribe = presentLink(link({ purpose: "subscribe", amountMinor: null, planId: 3 }));
    assert.ok("plan_id" in subscribe && subscribe.plan_id === 3);
    assert.ok(!("amount" in subscribe));
  });

  test("a new link tells the agent to hand it over and long-poll its status_url", () => {
    const fund = presentCreatedLink(link());
    assert.equal(
      fund.instructions,
      `Send payment_url to a human: https://checkout.example/pay/cs_test_abc. It is Stripe's hosted Checkout page and expires in 30 minutes. ` +
        `Then wait for the result with GET ${STATUS_URL}?wait=60 (repeat until status is "fulfilled", "expired" or "canceled"; or send Accept: text/event-stream to stream it). ` +
        "The wallet is credited automatically when the human pays; POST /api/agents/v1/wallet/confirm-checkout with the session_id also works.",
    );
    const sub = presentCreatedLink(link({ purpose: "subscribe", amountMinor: null, planId: 1 }));
    assert.match(sub.instructions, /POST \/api\/agents\/v1\/subscriptions\/confirm-checkout/);
  });

  test("/wallet/fund without a card: checkout_url first, the link, then payment requires_checkout", () => {
    const body = presentFundingCheckout(link());
    assert.deepEqual(Object.keys(body), [
      "checkout_url",
      ...Object.keys(presentCreatedLink(link())),
      "payment",
    ]);
    assert.equal(body.checkout_url, body.payment_url);
    assert.deepEqual(body.payment, { status: "requires_checkout" });
  });

  test("/subscriptions without a card: the plan, and how to confirm once a human paid", () => {
    const plan = findPlan(1);
    assert.ok(plan);
    const body = presentSubscriptionCheckout({
      link: link({ purpose: "subscribe", amountMinor: null, planId: 1 }),
      plan,
    });
    assert.equal(body.status, "requires_checkout");
    assert.equal(body.checkout_url, "https://checkout.example/pay/cs_test_abc");
    assert.equal(body.status_url, STATUS_URL);
    assert.equal(body.plan_id, 1);
    assert.equal(body.plan.id, 1);
    assert.match(
      body.message,
      /^No payment_method_id was given: a human can open checkout_url to subscribe to /,
    );
    assert.match(body.message, /\{"session_id":"cs_test_abc"\}\.$/);
  });

  test("the SSE stream: status events, a keep-alive comment, end; an error ends it with an error event", async () => {
    async function* events(): AsyncGenerator<LinkWatchEvent> {
      yield { kind: "status", link: link() };
      yield { kind: "unchanged" };
      yield { kind: "status", link: link({ status: "fulfilled" }) };
      yield { kind: "end", status: "fulfilled" };
    }
    const text = await new Response(linkStatusStream(events())).text();
    const frames = text.split("\n\n").filter(Boolean);
    assert.equal(frames.length, 4);
    assert.equal(frames[0], `event: status\ndata: ${JSON.stringify(presentLink(link()))}`);
    assert.equal(frames[1], ": keep-alive");
    assert.match(frames[2] ?? "", /^event: status\ndata: \{"session_id":"cs_test_abc","status":"fulfilled"/);
    assert.equal(frames[3], 'event: end\ndata: {"status":"fulfilled"}');

    async function* failing(): AsyncGenerator<LinkWatchEvent> {
      yield { kind: "status", link: link() };
      throw new Error("Stripe is unreachable");
    }
    const broken = await new Response(linkStatusStream(failing())).text();
    assert.match(broken, /event: error\ndata: \{"message":"Stripe is unreachable"\}\n\n$/);
  });
});
