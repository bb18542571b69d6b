import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as linkStatusRoute from "@/app/api/agents/v1/billing/payment-link/[sessionId]/route";
import * as linkRoute from "@/app/api/agents/v1/billing/payment-link/route";
import * as subscriptionsRoute from "@/app/api/agents/v1/subscriptions/route";
import { POST as webhook } from "@/app/api/stripe/webhook/route";
import { POST as cspReport } from "@/app/dashboard/csp-report/route";
import { getDb } from "@/lib/db/client";
import { closeNotifier } from "@/lib/pubsub/notifier";
import { retrieveCheckoutSession } from "@/lib/stripe/payments";
import { onboardAgent, type TestAgent } from "@/tests/helpers/agent";
import { useFreshDatabase } from "@/tests/helpers/database";
import { call } from "@/tests/helpers/http";
import { type TestStripe, useEmulator } from "@/tests/helpers/stripe";
import { cancelLinkWithToken, findLinkForCancel, loadLink } from "../../../lib/checkout/links";
import { viewCheckoutSession } from "../../../lib/checkout/view-session";

process.env.RATE_LIMIT_BILLING_PER_MINUTE = "100000";
process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "100000";

const APP = "http://127.0.0.1:3999"; // APP_URL in tests/helpers/test-env.ts

describe("hand-off hardening", () => {
  let cleanup: () => Promise<void>;
  let stripe: TestStripe;
  let agent: TestAgent;

  const newLink = async () => {
    const res = await call(linkRoute.POST, "/api/agents/v1/billing/payment-link", {
      method: "POST",
      body: { purpose: "fund", amount: 20 },
      headers: agent.auth,
    });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const session = await retrieveCheckoutSession(res.json.data.session_id);
    const token = new URL(session.cancel_url ?? "").searchParams.get("link") ?? "";
    return { sessionId: res.json.data.session_id as string, token };
  };
  const statusOf = async (sessionId: string) => (await loadLink(await getDb(), sessionId))?.status;
  const subscribe = (body: Record<string, unknown>) =>
    call(subscriptionsRoute.POST, "/api/agents/v1/subscriptions", {
      method: "POST",
      body,
      headers: agent.auth,
    });

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

  describe("the cancel page", () => {
    test("what the page shows (a GET) changes nothing; the button is offered only with the link's token", async () => {
      // The page itself is driven in a browser by e2e/hand-off.spec.ts; this is the data it reads.
      const { sessionId, token } = await newLink();
      const db = await getDb();
      const bare = await findLinkForCancel(db, sessionId, undefined);
      assert.equal(bare?.canCancel, false);
      assert.equal((await findLinkForCancel(db, sessionId, "y".repeat(24)))?.canCancel, false);
      const withToken = await findLinkForCancel(db, sessionId, token);
      assert.equal(withToken?.canCancel, true);
      assert.equal((await findLinkForCancel(db, undefined, token))?.link.sessionId, sessionId);
      assert.equal(await findLinkForCancel(db, "cs_test_unknown", undefined), undefined);
      assert.equal(await statusOf(sessionId), "open");
      assert.equal((await retrieveCheckoutSession(sessionId)).status, "open");
    });

    test("its button closes the link only with the link's own cancel token", async () => {
      const { sessionId, token } = await newLink();
      const other = await newLink();
      const db = await getDb();
      assert.equal(await cancelLinkWithToken(db, { sessionId, token: undefined }), undefined);
      assert.equal(await cancelLinkWithToken(db, { sessionId, token: "x".repeat(24) }), undefined);
      // Another link's token does not close this one.
      assert.equal(await cancelLinkWithToken(db, { sessionId, token: other.token }), undefined);
      assert.equal(await statusOf(sessionId), "open");

      // What the page's button (app/checkout/cancel/actions.ts) calls with the form's fields.
      const closed = await cancelLinkWithToken(db, { sessionId, token });
      assert.equal(closed?.status, "canceled");
      assert.equal(await statusOf(sessionId), "canceled");
      assert.equal((await retrieveCheckoutSession(sessionId)).status, "expired");
      assert.equal(await statusOf(other.sessionId), "open");
    });
  });

  describe("success_url and cancel_url stay on this app", () => {
    test("another origin is a 422 validation_error naming the field", async () => {
      for (const [field, url] of [
        ["success_url", "https://evil.example/thanks"],
        ["cancel_url", "https://evil.example/back"],
        ["success_url", `${APP}@evil.example/x`],
        ["success_url", "http://127.0.0.1:4000/checkout/success"],
        ["cancel_url", "javascript:alert(1)"],
      ] as const) {
        const res = await subscribe({ plan_id: 3, [field]: url });
        assert.equal(res.status, 422, `${field}=${url}: ${JSON.stringify(res.json)}`);
        assert.equal(res.json.error.code, "validation_error");
        assert.ok(res.json.error.details[field], JSON.stringify(res.json.error));
      }
    });

    test("a page of this app is accepted and given to Stripe as is", async () => {
      const success = `${APP}/thanks?session={CHECKOUT_SESSION_ID}`;
      const res = await subscribe({ plan_id: 3, success_url: success, cancel_url: `${APP}/plans` });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      const session = await retrieveCheckoutSession(res.json.data.session_id);
      assert.equal(session.success_url, success);
      assert.equal(session.cancel_url, `${APP}/plans`);
    });

    test("a subscription checkout is a recorded link: the status long-poll and the success page know it", async () => {
      const res = await subscribe({ plan_id: 3 });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      const { session_id, status_url } = res.json.data;
      assert.ok(status_url.endsWith(`/billing/payment-link/${session_id}`));
      const status = await call(linkStatusRoute.GET, `/api/agents/v1/billing/payment-link/${session_id}`, {
        headers: agent.auth,
        params: { sessionId: session_id },
      });
      assert.equal(status.status, 200);
      assert.equal(status.json.data.purpose, "subscribe");
      assert.equal((await viewCheckoutSession(await getDb(), session_id)).kind, "open");
      const session = await retrieveCheckoutSession(session_id);
      assert.match(session.cancel_url ?? "", /\/checkout\/cancel\?session_id=\{CHECKOUT_SESSION_ID\}&link=/);
    });

    test("a payment link takes no redirect from the caller: Checkout returns to Onramp's pages", async () => {
      const res = await call(linkRoute.POST, "/api/agents/v1/billing/payment-link", {
        method: "POST",
        body: {
          purpose: "fund",
          amount: 20,
          success_url: "https://evil.example/",
          cancel_url: "https://evil.example/",
        },
        headers: agent.auth,
      });
      assert.equal(res.status, 201);
      const session = await retrieveCheckoutSession(res.json.data.session_id);
      assert.ok(session.success_url?.startsWith(`${APP}/checkout/success?`), session.success_url ?? "");
      assert.ok(session.cancel_url?.startsWith(`${APP}/checkout/cancel?`), session.cancel_url ?? "");
    });
  });

  describe("body size limits", () => {
    const post = (handler: (r: Request) => Promise<Response>, path: string, body: BodyInit, headers = {}) =>
      handler(
        new Request(`${APP}${path}`, {
          method: "POST",
          body,
          headers: { "content-type": "application/json", ...headers },
          // Node's fetch Request needs this for a streamed body.
          ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
        } as RequestInit),
      );
    /** A body sent in chunks without a Content-Length, as a client that lies about (or omits) it would. */
    const streamOf = (bytes: number) => {
      let sent = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= bytes) return controller.close();
          const chunk = new Uint8Array(Math.min(64 * 1024, bytes - sent)).fill(0x61);
          sent += chunk.byteLength;
          controller.enqueue(chunk);
        },
      });
    };

    test("the Stripe webhook refuses more than 512 KB with 413 payload_too_large", async () => {
      const big = `{"id":"evt_x","pad":"${"a".repeat(600 * 1024)}"}`;
      const declared = await post(webhook, "/api/stripe/webhook", big, { "stripe-signature": "t=1,v1=x" });
      assert.equal(declared.status, 413);
      assert.equal((await declared.json()).error.code, "payload_too_large");
      const streamed = await post(webhook, "/api/stripe/webhook", streamOf(700 * 1024), {
        "stripe-signature": "t=1,v1=x",
      });
      assert.equal(streamed.status, 413);
      // Under the limit, the usual answer: an unsigned event is a 400, not a 413.
      const small = await post(webhook, "/api/stripe/webhook", '{"id":"evt_x"}', {
        "stripe-signature": "t=1,v1=x",
      });
      assert.equal(small.status, 400);
    });

    test("a CSP report over 16 KB is a 413; a normal one is a 204", async () => {
      const big = await post(cspReport, "/dashboard/csp-report", streamOf(40 * 1024));
      assert.equal(big.status, 413);
      assert.equal((await big.json()).error.code, "payload_too_large");
      const report = JSON.stringify({
        "csp-report": { "document-uri": `${APP}/dashboard`, "blocked-uri": "inline" },
      });
      assert.equal((await post(cspReport, "/dashboard/csp-report", report)).status, 204);
    });
  });
});
