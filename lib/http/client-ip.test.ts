import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { test } from "node:test";
import { clientIp } from "./client-ip";

const h = (init: Record<string, string>) => new Headers(init);

test("without trusted proxies the TCP peer wins over a forged X-Forwarded-For", () => {
  assert.equal(clientIp(h({ "x-onramp-peer": "10.0.0.9", "x-forwarded-for": "1.2.3.4" }), 0), "10.0.0.9");
});

test("one trusted proxy: the entry it appended is the client", () => {
  const headers = h({ "x-onramp-peer": "10.0.0.1", "x-forwarded-for": "6.6.6.6, 203.0.113.7" });
  assert.equal(clientIp(headers, 1), "203.0.113.7");
  assert.equal(clientIp(headers, 2), "6.6.6.6");
});

test("more trusted hops than entries falls back to the first entry", () => {
  assert.equal(
    clientIp(h({ "x-onramp-peer": "10.0.0.1", "x-forwarded-for": "203.0.113.7" }), 5),
    "203.0.113.7",
  );
});

test("without our server in front, the last forwarded hop is used", () => {
  assert.equal(clientIp(h({ "x-forwarded-for": "1.1.1.1, 127.0.0.1" }), 0), "127.0.0.1");
  assert.equal(clientIp(h({}), 0), "unknown");
});
