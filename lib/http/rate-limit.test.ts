import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, describe, test } from "node:test";
import { resetEnvCache } from "@/lib/env";
import { closeRedis } from "@/lib/redis";
import { MACHINE_REDIS_URL } from "@/tests/helpers/test-env";
import { checkRateLimits, consume, createLimiter, resetRateLimiters } from "./rate-limit";

async function twoHundredAgainstOneHundred(useRedis: boolean) {
  const limiter = createLimiter(`test-${randomBytes(6).toString("hex")}`, 100, useRedis);
  const outcomes = await Promise.all(
    Array.from({ length: 200 }, () => consume(limiter, 100, "10.0.0.1|user")),
  );
  const allowed = outcomes.filter((o) => o.allowed);
  assert.equal(allowed.length, 100);
  assert.equal(outcomes.filter((o) => !o.allowed).length, 100);
  // Every remaining value from 99 down to 0 was handed out exactly once.
  assert.deepEqual(
    allowed.map((o) => o.remaining).sort((a, b) => a - b),
    Array.from({ length: 100 }, (_, i) => i),
  );
  for (const o of outcomes) assert.ok(o.remaining >= 0 && o.retryAfterSec >= 1);
}

describe("several limiters on one request", () => {
  test("stops at the first refusal without spending the others; reports the tightest budget", async () => {
    process.env.RATE_LIMIT_AUTH_PER_MINUTE = "2";
    process.env.RATE_LIMIT_AUTH_IP_PER_MINUTE = "3";
    resetEnvCache();
    resetRateLimiters();
    try {
      const attempt = (email: string) =>
        checkRateLimits([
          { name: "auth", key: `10.1.1.1|${email}` },
          { name: "authIp", key: "10.1.1.1" },
        ]);
      const first = await attempt("a");
      assert.deepEqual([first.allowed, first.limit, first.remaining], [true, 2, 1]);
      const second = await attempt("a");
      assert.deepEqual([second.allowed, second.limit, second.remaining], [true, 2, 0]);
      const third = await attempt("a");
      assert.deepEqual([third.allowed, third.limit], [false, 2], "refused by the IP+email bucket");
      // The refusal above did not spend the per-IP budget: one request is left there.
      const other = await attempt("b");
      assert.deepEqual([other.allowed, other.limit, other.remaining], [true, 3, 0]);
      const exhausted = await attempt("c");
      assert.deepEqual([exhausted.allowed, exhausted.limit, exhausted.remaining], [false, 3, 0]);
      assert.ok(exhausted.retryAfterSec >= 1 && exhausted.retryAfterSec <= 60);
    } finally {
      delete process.env.RATE_LIMIT_AUTH_PER_MINUTE;
      delete process.env.RATE_LIMIT_AUTH_IP_PER_MINUTE;
      resetEnvCache();
      resetRateLimiters();
    }
  });
});

describe("rate limiter atomicity", () => {
  test("200 concurrent requests against a limit of 100 allow exactly 100 (memory)", () =>
    twoHundredAgainstOneHundred(false));

  test("…and on Redis", { skip: !MACHINE_REDIS_URL && "REDIS_URL not set" }, async () => {
    process.env.REDIS_URL = MACHINE_REDIS_URL;
    resetEnvCache();
    try {
      await twoHundredAgainstOneHundred(true);
    } finally {
      delete process.env.REDIS_URL;
      resetEnvCache();
    }
  });

  after(() => closeRedis());
});
