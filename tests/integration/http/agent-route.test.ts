import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { z } from "zod";
import * as catchAll from "@/app/api/agents/v1/[[...path]]/route";
import { resetEnvCache } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { agentRoute, reply } from "@/lib/http/agent-route";
import { methods } from "@/lib/http/methods";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { useFreshDatabase } from "@/tests/helpers/database";
import { call } from "@/tests/helpers/http";

const echo = agentRoute(
  { auth: false, limiter: "auth", body: z.object({ email: z.email(), amount: z.number().int().positive() }) },
  ({ body }) => reply({ got: body }, 201),
);

describe("door kit", () => {
  let cleanup: () => Promise<void>;
  before(async () => {
    cleanup = await useFreshDatabase("pglite");
  });
  after(() => cleanup());

  test("success: envelope, request id and rate-limit headers", async () => {
    const res = await call(echo, "/api/agents/v1/echo", {
      method: "POST",
      body: { email: "a@x.io", amount: 5 },
    });
    assert.equal(res.status, 201);
    assert.deepEqual(res.json.data, { got: { email: "a@x.io", amount: 5 } });
    assert.equal(res.json.error, null);
    assert.match(res.json.meta.request_id, /^req_/);
    assert.equal(res.headers.get("x-request-id"), res.json.meta.request_id);
    assert.equal(res.headers.get("x-ratelimit-limit"), "20");
    assert.equal(res.headers.get("x-ratelimit-remaining"), "19");
    const reset = Number(res.headers.get("x-ratelimit-reset"));
    const now = Date.now() / 1000;
    assert.ok(reset > now && reset <= now + 61, `reset ${reset} is epoch seconds within the window`);
  });

  test("zod failure → 422 validation_error with details per field", async () => {
    const res = await call(echo, "/api/agents/v1/echo", {
      method: "POST",
      body: { email: "nope", amount: -1 },
    });
    assert.equal(res.status, 422);
    assert.equal(res.json.error.code, "validation_error");
    assert.deepEqual(Object.keys(res.json.error.details).sort(), ["amount", "email"]);
    assert.ok(Array.isArray(res.json.error.details.email));
    assert.equal(res.json.data, null);
    assert.ok(res.headers.get("x-ratelimit-remaining"));
  });

  test("malformed JSON → 400 invalid_json", async () => {
    const res = await call(echo, "/api/agents/v1/echo", {
      method: "POST",
      rawBody: '{"email": "a@x.io",',
      headers: { "content-type": "application/json" },
    });
    assert.equal(res.status, 400);
    assert.equal(res.json.error.code, "invalid_json");
    assert.ok(res.json.meta.request_id);
  });

  test("unknown route → 404 route_not_found with every header", async () => {
    for (const [method, handler] of [
      ["GET", catchAll.GET],
      ["POST", catchAll.POST],
      ["DELETE", catchAll.DELETE],
    ] as const) {
      const res = await call(handler, "/api/agents/v1/nope", { method });
      assert.equal(res.status, 404);
      assert.equal(res.json.error.code, "route_not_found");
      assert.match(res.json.error.message, /nope/);
      for (const h of ["x-request-id", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"]) {
        assert.ok(res.headers.get(h), h);
      }
    }
  });

  test("wrong method → 405 method_not_allowed with Allow", async () => {
    const route = methods({ GET: agentRoute({ auth: false, limiter: "general" }, () => ({ ok: true })) });
    const ok = await call(route.GET, "/api/agents/v1/thing");
    assert.equal(ok.status, 200);
    const res = await call(route.DELETE, "/api/agents/v1/thing", { method: "DELETE" });
    assert.equal(res.status, 405);
    assert.equal(res.json.error.code, "method_not_allowed");
    assert.equal(res.headers.get("allow"), "GET");
  });

  test("AppError from a handler keeps its code, status and details", async () => {
    const route = agentRoute({ auth: false, limiter: "general" }, () => {
      throw new AppError("payment_declined", "Your card was declined.", {
        details: { decline_code: "insufficient_funds", payment_intent_id: "pi_1" },
      });
    });
    const res = await call(route, "/api/agents/v1/x", { method: "POST" });
    assert.equal(res.status, 402);
    assert.deepEqual(res.json, {
      data: null,
      error: {
        code: "payment_declined",
        message: "Your card was declined.",
        details: { decline_code: "insufficient_funds", payment_intent_id: "pi_1" },
      },
      meta: { request_id: res.json.meta.request_id },
    });
  });

  test("an unexpected exception → 500 internal_error without leaking the message", async () => {
    const route = agentRoute({ auth: false, limiter: "general" }, () => {
      throw new Error("secret internals sk_test_123");
    });
    const res = await call(route, "/api/agents/v1/x");
    assert.equal(res.status, 500);
    assert.equal(res.json.error.code, "internal_error");
    assert.doesNotMatch(JSON.stringify(res.json), /secret internals/);
  });

  test("raw card data → 400 raw_card_data_rejected before validation", async () => {
    for (const body of [
      { email: "a@x.io", amount: 5, note: "4242 4242 4242 4242" },
      { email: "a@x.io", amount: 5, card: { number: "x" } },
      { email: "a@x.io", amount: 5, cvc: "123" },
    ]) {
      const res = await call(echo, "/api/agents/v1/echo", { method: "POST", body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.json.error.code, "raw_card_data_rejected");
    }
    const form = await call(echo, "/api/agents/v1/echo", {
      method: "POST",
      rawBody: "card[number]=4242424242424242&card[cvc]=123",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(form.json.error.code, "raw_card_data_rejected");
    const query = await call(catchAll.GET, "/api/agents/v1/x?n=5555555555554444");
    assert.equal(query.json.error.code, "raw_card_data_rejected");
  });

  test("protected route without a token → 401 in the envelope; a public route ignores any token", async () => {
    const protectedRoute = agentRoute({ auth: true, limiter: "general" }, () => ({ ok: true }));
    const none = await call(protectedRoute, "/api/agents/v1/me");
    assert.equal(none.status, 401);
    assert.equal(none.json.error.code, "unauthenticated");
    assert.equal(none.headers.get("www-authenticate"), "Bearer");
    const bad = await call(protectedRoute, "/api/agents/v1/me", {
      headers: { authorization: "Bearer nope" },
    });
    assert.equal(bad.status, 401);
    assert.match(bad.headers.get("www-authenticate") ?? "", /invalid_token/);
    const pub = await call(echo, "/api/agents/v1/echo", {
      method: "POST",
      body: { email: "b@x.io", amount: 1 },
      headers: { authorization: "Bearer garbage" },
    });
    assert.equal(pub.status, 201);
  });

  test("a malformed percent-encoding in the query is a 404, not a 500", async () => {
    const res = await call(catchAll.GET, "/api/agents/v1/x?q=%E0%A4%A");
    assert.equal(res.status, 404);
    assert.equal(res.json.error.code, "route_not_found");
  });

  test("body over 1 MB → 413", async () => {
    const res = await call(echo, "/api/agents/v1/echo", {
      method: "POST",
      body: { pad: "x".repeat(1_100_000) },
    });
    assert.equal(res.status, 413);
    assert.equal(res.json.error.code, "payload_too_large");
  });
});

describe("rate limits through the door", () => {
  let cleanup: () => Promise<void>;
  before(async () => {
    process.env.RATE_LIMIT_AUTH_PER_MINUTE = "3";
    resetEnvCache();
    resetRateLimiters();
    cleanup = await useFreshDatabase("pglite");
  });
  after(async () => {
    delete process.env.RATE_LIMIT_AUTH_PER_MINUTE;
    resetEnvCache();
    resetRateLimiters();
    await cleanup();
  });

  test("the auth limiter counts per IP+email and answers 429 with Retry-After", async () => {
    const send = (email: string, ip = "10.1.1.1") =>
      call(echo, "/api/agents/v1/echo", { method: "POST", body: { email, amount: 1 }, ip });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++)
      remaining.push((await send("rl@x.io")).headers.get("x-ratelimit-remaining") ?? "");
    assert.deepEqual(remaining, ["2", "1", "0"]);
    const limited = await send("rl@x.io");
    assert.equal(limited.status, 429);
    assert.equal(limited.json.error.code, "rate_limited");
    const retryAfter = Number(limited.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 60);
    assert.equal(limited.headers.get("x-ratelimit-remaining"), "0");
    assert.equal(limited.headers.get("cache-control"), "no-store");
    // Other emails and other IPs have their own buckets.
    assert.equal((await send("other@x.io")).status, 201);
    assert.equal((await send("rl@x.io", "10.2.2.2")).status, 201);
  });

  test("a forged X-Forwarded-For does not give a fresh bucket", async () => {
    const res = await call(echo, "/api/agents/v1/echo", {
      method: "POST",
      body: { email: "rl@x.io", amount: 1 },
      ip: "10.1.1.1",
      headers: { "x-forwarded-for": "9.9.9.9" },
    });
    assert.equal(res.status, 429);
  });
});
