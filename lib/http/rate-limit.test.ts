import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, describe, test } from "node:test";
import { resetEnvCache } from "@/lib/env";
import { closeRedis } from "@/lib/redis";
import { MACHINE_REDIS_URL } from "@/tests/helpers/test-env";
import { consume, createLimiter } from "./rate-limit";

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
