import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { NextRequest } from "next/server";
import * as linkStatusRoute from "@/app/api/agents/v1/billing/payment-link/[sessionId]/route";
import * as linkRoute from "@/app/api/agents/v1/billing/payment-link/route";
import * as paymentStatusRoute from "@/app/api/agents/v1/payments/[id]/status/route";
import * as fundRoute from "@/app/api/agents/v1/wallet/fund/route";
import { getDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { closeNotifier } from "@/lib/pubsub/notifier";
import { viewPaymentForHuman } from "@/lib/wallet/human-payment";
import { proxy } from "@/proxy";
import { onboardAgent, type TestAgent } from "@/tests/helpers/agent";
import { useFreshDatabase } from "@/tests/helpers/database";
import { call } from "@/tests/helpers/http";
import { type TestStripe, useEmulator } from "@/tests/helpers/stripe";
import { viewCheckoutSession } from "../../../lib/checkout/view-session";

process.env.RATE_LIMIT_BILLING_PER_MINUTE = "100000";
process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "100000";

type Stats = { calls: { total: number; by_route: Record<string, number> } };

describe("public ids do not reach Stripe; long-polls back off", () => {
  let cleanup: () => Promise<void>;
  let stripe: TestStripe;
  let agent: TestAgent;

  const stats = async (): Promise<Stats> => stripe.helper("/_emulator/stats");
  /** Stripe API calls made while `fn` runs, by route, once pending webhooks are done. */
  async function stripeCallsDuring<T>(
    fn: () => Promise<T>,
  ): Promise<{ result: T; total: number; by: Record<string, number> }> {
    await stripe.emulator.webhooksIdle();
    const before = await stats();
    const result = await fn();
    const after = await stats();
    const by: Record<string, number> = {};
    for (const [route, n] of Object.entries(after.calls.by_route)) {
      const delta = n - (before.calls.by_route[route] ?? 0);
      if (delta) by[route] = delta;
    }
    return { result, total: after.calls.total - before.calls.total, by };
  }

  before(async () => {
    cleanup = await useFreshDatabase("pglite");
    stripe = await useEmulator({ deliverWebhooks: true });
    agent = await onboardAgent();
  });
  after(async () => {
    await stripe.emulator.webhooksIdle();
    await closeNotifier();
    await stripe.close();
    await cleanup();
  });

  test("an unknown cs_/pi_ on the human pages and the status poll: 404-like answers and 0 Stripe calls", async () => {
    const db = await getDb();
    const { result, total } = await stripeCallsDuring(async () => ({
      success: await viewCheckoutSession(db, "cs_test_a1b2c3d4e5f6g7h8i9j0"),
      authenticate: await viewPaymentForHuman(db, "pi_3Qdoesnotexist0000000000"),
      status: await call(paymentStatusRoute.GET, "/api/agents/v1/payments/pi_3Qguess/status?wait=1", {
        headers: agent.auth,
        params: { id: "pi_3Qguess" },
      }),
      link: await call(linkStatusRoute.GET, "/api/agents/v1/billing/payment-link/cs_test_guess?wait=1", {
        headers: agent.auth,
        params: { sessionId: "cs_test_guess" },
      }),
    }));
    assert.deepEqual(result.success, { kind: "unknown" });
    assert.equal(result.authenticate, null);
    assert.equal(result.status.status, 404);
    assert.equal(result.status.json.error.code, "not_found");
    assert.equal(result.link.status, 404);
    assert.equal(total, 0, "no Stripe call for an id Onramp never made");
  });

  test("a real session id still works on the success page (and asks Stripe)", async () => {
    const { session_id } = (
      await call(linkRoute.POST, "/api/agents/v1/billing/payment-link", {
        method: "POST",
        body: { purpose: "fund", amount: 25 },
        headers: agent.auth,
      })
    ).json.data;
    const db = await getDb();
    const { result, total } = await stripeCallsDuring(() => viewCheckoutSession(db, session_id));
    assert.equal(result.kind, "open");
    assert.ok(total >= 1);
  });

  test("long-polls over 20 s: a bounded number of Stripe reads (back-off), not one every few seconds", async () => {
    const { session_id } = (
      await call(linkRoute.POST, "/api/agents/v1/billing/payment-link", {
        method: "POST",
        body: { purpose: "fund", amount: 25 },
        headers: agent.auth,
      })
    ).json.data;
    const challenged = await call(fundRoute.POST, "/api/agents/v1/wallet/fund", {
      method: "POST",
      body: { amount: 15, payment_method_id: await stripe.tokenize("4000002500003155") },
      headers: agent.auth,
    });
    assert.equal(challenged.status, 202, JSON.stringify(challenged.json));
    const pi = challenged.json.data.payment.payment_intent_id;

    const waitSec = 20;
    const started = Date.now();
    const { result, by } = await stripeCallsDuring(() =>
      Promise.all([
        call(linkStatusRoute.GET, `/api/agents/v1/billing/payment-link/${session_id}?wait=${waitSec}`, {
          headers: agent.auth,
          params: { sessionId: session_id },
        }),
        call(linkStatusRoute.GET, `/api/agents/v1/billing/payment-link/${session_id}?wait=${waitSec}`, {
          headers: { ...agent.auth, accept: "text/event-stream" },
          params: { sessionId: session_id },
        }),
        call(paymentStatusRoute.GET, `/api/agents/v1/payments/${pi}/status?wait=${waitSec}`, {
          headers: agent.auth,
          params: { id: pi },
        }),
      ]),
    );
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= waitSec * 1000 - 500, `the waits were held (${elapsed} ms)`);
    assert.equal(result[0].json.data.status, "open");
    assert.match(String(result[1].json), /event: end/);
    assert.equal(result[2].json.data.status, "pending");
    // Each waiter: one read when it starts (the link's), then at 5 s and 15 s. A fixed 5 s (links)
    // or 3 s (payments) interval made 13 and 6 reads here.
    const sessionReads = by["GET /v1/checkout/sessions/:id"] ?? 0;
    const intentReads = by["GET /v1/payment_intents/:id"] ?? 0;
    assert.ok(sessionReads <= 6, `checkout session reads: ${sessionReads} (${JSON.stringify(by)})`);
    assert.ok(intentReads <= 2, `payment intent reads: ${intentReads} (${JSON.stringify(by)})`);
    assert.ok(sessionReads >= 2 && intentReads >= 1, "the safety-net reads still happen");
  });

  test("the human pages are rate-limited per client IP (RATE_LIMIT_PAGES_PER_MINUTE)", async () => {
    process.env.RATE_LIMIT_PAGES_PER_MINUTE = "3";
    resetEnvCache();
    resetRateLimiters();
    try {
      const load = (path: string, ip: string) =>
        proxy(new NextRequest(`http://127.0.0.1:3999${path}`, { headers: pageHeaders(ip) }));
      const paths = [
        "/checkout/success?session_id=cs_x",
        "/pay/authenticate/pi_x",
        "/pay/return",
        "/checkout/cancel",
      ];
      const answers = [];
      for (const path of paths) answers.push(await load(path, "198.51.100.20"));
      assert.deepEqual(
        answers.map((r) => r.status),
        [200, 200, 200, 429],
      );
      const limited = answers[3]!;
      assert.ok(Number(limited.headers.get("retry-after")) >= 1);
      assert.equal(limited.headers.get("x-ratelimit-remaining"), "0");
      assert.equal(answers[0]!.headers.get("x-ratelimit-limit"), "3");
      // Another client has its own budget; a forged peer header does not buy a fresh one.
      assert.equal((await load("/checkout/success", "198.51.100.21")).status, 200);
      const forged = await proxy(
        new NextRequest("http://127.0.0.1:3999/checkout/success", {
          headers: { ...pageHeaders("198.51.100.20"), "x-forwarded-for": "203.0.113.99" },
        }),
      );
      assert.equal(forged.status, 429);
    } finally {
      delete process.env.RATE_LIMIT_PAGES_PER_MINUTE;
      resetEnvCache();
      resetRateLimiters();
    }
  });
});

function pageHeaders(ip: string): Record<string, string> {
  return { "x-onramp-peer": ip, "x-onramp-peer-secret": process.env.ONRAMP_PEER_SECRET ?? "" };
}
