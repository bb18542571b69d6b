import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { closeDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { useFreshDatabase } from "@/tests/helpers/database";
import { call } from "@/tests/helpers/http";
import { GET as health } from "../api/health/route";
import { GET } from "./route";

after(() => closeDb());

const TOKEN = "metrics-token-0123456789abcdef";

test("loopback reads the Prometheus text, with requests counted per route pattern and status", async () => {
  const cleanup = await useFreshDatabase("pglite");
  try {
    await call(health, "/api/health");
    const res = await call(GET, "/metrics");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    const text = res.json as unknown as string;
    assert.match(text, /onramp_http_requests_total\{method="GET",route="\/api\/health",status="200"\} \d+/);
    assert.match(
      text,
      /onramp_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/api\/health"/,
    );
    for (const name of [
      "onramp_stripe_errors_total",
      "onramp_idempotency_replays_total",
      "onramp_rate_limit_rejections_total",
      "onramp_reconciler_exceptions_total",
      "onramp_webhook_inbox_backlog",
      "onramp_webhook_lag_seconds",
    ]) {
      assert.match(text, new RegExp(`# TYPE ${name} `), name);
    }
  } finally {
    await cleanup();
  }
});

test("beyond loopback: 404 without METRICS_TOKEN configured; 401 with a wrong one; 200 with the token", async () => {
  const remote = { ip: "203.0.113.7" };
  assert.equal((await call(GET, "/metrics", remote)).status, 404);
  process.env.METRICS_TOKEN = TOKEN;
  resetEnvCache();
  try {
    const none = await call(GET, "/metrics", remote);
    assert.equal(none.status, 401);
    assert.equal(none.headers.get("www-authenticate"), 'Bearer realm="metrics"');
    const wrong = await call(GET, "/metrics", { ...remote, headers: { authorization: `Bearer ${TOKEN}x` } });
    assert.equal(wrong.status, 401);
    const right = await call(GET, "/metrics", { ...remote, headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(right.status, 200);
    assert.match(right.json as unknown as string, /onramp_http_requests_total/);
  } finally {
    delete process.env.METRICS_TOKEN;
    resetEnvCache();
  }
});

test("a forged loopback X-Forwarded-For does not open it", async () => {
  const res = await call(GET, "/metrics", { ip: "203.0.113.7", headers: { "x-forwarded-for": "127.0.0.1" } });
  assert.equal(res.status, 404);
});
