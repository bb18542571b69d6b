/**
 * Issue 16: REDIS_KEY_PREFIX keeps deployments (and test runs) that share one Redis apart. Two
 * prefixes on the machine's Redis: a limit spent under one is untouched under the other, and a
 * wake-up published under one never reaches a subscriber under the other. Skipped without REDIS_URL.
 */
import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, describe, test } from "node:test";
import Redis from "ioredis";
import { resetEnvCache } from "@/lib/env";
import { checkRateLimit, resetRateLimiters } from "@/lib/http/rate-limit";
import { closeNotifier, notifier } from "@/lib/pubsub/notifier";
import { closeRedis } from "@/lib/redis";
import { MACHINE_REDIS_URL } from "@/tests/helpers/test-env";

const run = randomBytes(4).toString("hex");
const prefixA = `onramp-test-${run}-a:`;
const prefixB = `onramp-test-${run}-b:`;

/** Switches this process to `prefix`, as a deployment configured with it would run. */
async function usePrefix(prefix: string | undefined) {
  await closeNotifier();
  await closeRedis();
  if (prefix === undefined) {
    delete process.env.REDIS_URL;
    delete process.env.REDIS_KEY_PREFIX;
  } else {
    process.env.REDIS_URL = MACHINE_REDIS_URL;
    process.env.REDIS_KEY_PREFIX = prefix;
  }
  resetEnvCache();
  resetRateLimiters();
}

describe("REDIS_KEY_PREFIX on one shared Redis", { skip: !MACHINE_REDIS_URL && "REDIS_URL not set" }, () => {
  const raw = () => new Redis(MACHINE_REDIS_URL as string);
  after(async () => {
    await usePrefix(undefined);
    delete process.env.RATE_LIMIT_GENERAL_PER_MINUTE;
    resetEnvCache();
    const c = raw();
    try {
      for (const prefix of [prefixA, prefixB]) {
        const keys = await c.keys(`${prefix}*`);
        if (keys.length) await c.del(...keys);
      }
    } finally {
      c.disconnect();
    }
  });

  test("a limit spent under one prefix is whole under another; each keeps its count under its own keys", async () => {
    process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "2";
    const key = "10.9.9.9|user";
    await usePrefix(prefixA);
    assert.equal((await checkRateLimit("general", key)).allowed, true);
    assert.equal((await checkRateLimit("general", key)).allowed, true);
    assert.equal((await checkRateLimit("general", key)).allowed, false, "the limit of 2 binds under a");

    await usePrefix(prefixB);
    const fresh = await checkRateLimit("general", key);
    assert.equal(fresh.allowed, true, "b does not see a's count");
    assert.equal(fresh.remaining, 1);

    const c = raw();
    try {
      assert.deepEqual(await c.keys(`${prefixA}rl:agent-general:*`), [`${prefixA}rl:agent-general:${key}`]);
      assert.deepEqual(await c.keys(`${prefixB}rl:agent-general:*`), [`${prefixB}rl:agent-general:${key}`]);
    } finally {
      c.disconnect();
    }
  });

  test("a wake-up published under another prefix does not reach this one's subscribers", async () => {
    await usePrefix(prefixA);
    const heard: string[] = [];
    const unsubscribe = await notifier().subscribe("link:cs_test", (m) => heard.push(m));
    const c = raw();
    try {
      // Subscriptions are asynchronous on the Redis side: wait until ours is registered.
      for (let i = 0; i < 50; i++) {
        const [, n] = (await c.call("pubsub", "numsub", `${prefixA}link:cs_test`)) as [string, number];
        if (Number(n) > 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await c.publish(`${prefixB}link:cs_test`, "from b");
      await c.publish(`${prefixA}link:cs_test`, "from a");
      for (let i = 0; i < 50 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(heard, ["from a"]);
    } finally {
      c.disconnect();
      await unsubscribe();
    }
  });
});
