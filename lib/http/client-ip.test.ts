import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { test } from "node:test";
import { clientIp, isLoopbackAddress, trustedPeer } from "./client-ip";

const SECRET = "s".repeat(43);
/** Headers as scripts/start.mjs hands them on: the TCP peer plus this process's secret. */
const stamped = (peer: string, extra: Record<string, string> = {}) =>
  new Headers({ "x-onramp-peer": peer, "x-onramp-peer-secret": SECRET, ...extra });
const h = (init: Record<string, string>) => new Headers(init);

test("without trusted proxies the TCP peer wins over a forged X-Forwarded-For", () => {
  assert.equal(clientIp(stamped("10.0.0.9", { "x-forwarded-for": "1.2.3.4" }), 0, SECRET), "10.0.0.9");
});

test("one trusted proxy: the entry it appended is the client", () => {
  const headers = stamped("10.0.0.1", { "x-forwarded-for": "6.6.6.6, 203.0.113.7" });
  assert.equal(clientIp(headers, 1, SECRET), "203.0.113.7");
  assert.equal(clientIp(headers, 2, SECRET), "6.6.6.6");
});

test("more trusted hops than entries falls back to the first entry", () => {
  assert.equal(clientIp(stamped("10.0.0.1", { "x-forwarded-for": "203.0.113.7" }), 5, SECRET), "203.0.113.7");
});

test("without our server in front, the last forwarded hop is used", () => {
  assert.equal(clientIp(h({ "x-forwarded-for": "1.1.1.1, 127.0.0.1" }), 0, SECRET), "127.0.0.1");
  assert.equal(clientIp(h({}), 0, SECRET), "unknown");
});

test("a peer header the client sent itself is ignored: no secret, a wrong one, or none configured", () => {
  // Under `next start` (or any other server) x-onramp-peer arrives as the client wrote it.
  const forged = h({ "x-onramp-peer": "10.9.9.9", "x-forwarded-for": "198.51.100.4" });
  assert.equal(clientIp(forged, 0, SECRET), "198.51.100.4");
  assert.equal(trustedPeer(forged, SECRET), null);
  const wrong = h({ "x-onramp-peer": "10.9.9.9", "x-onramp-peer-secret": `${SECRET}x` });
  assert.equal(trustedPeer(wrong, SECRET), null);
  assert.equal(clientIp(wrong, 0, SECRET), "unknown");
  // A process that was not started by scripts/start.mjs trusts no peer header at all.
  assert.equal(trustedPeer(stamped("10.0.0.9"), undefined), null);
  assert.equal(trustedPeer(h({ "x-onramp-peer": "10.0.0.9", "x-onramp-peer-secret": "" }), undefined), null);
  assert.equal(trustedPeer(stamped("10.0.0.9"), SECRET), "10.0.0.9");
});

test("the secret comes from ONRAMP_PEER_SECRET by default", () => {
  // tests/helpers/test-env.ts sets a random one, as start.mjs does; SECRET is not it.
  assert.equal(trustedPeer(stamped("10.0.0.9")), null);
});

test("loopback addresses, in every form a socket reports them", () => {
  for (const ip of ["127.0.0.1", "127.5.6.7", "::1", "::ffff:127.0.0.1"])
    assert.ok(isLoopbackAddress(ip), ip);
  for (const ip of ["10.0.0.1", "192.0.2.2", "::ffff:10.0.0.1", "fd00::2", "unknown", "", "127.0.0.1.evil"])
    assert.ok(!isLoopbackAddress(ip), ip);
});
