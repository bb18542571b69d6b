import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import * as loginRoute from "@/app/api/agents/v1/auth/login/route";
import { freshIp, send, uniqueEmail } from "@/app/api/agents/v1/auth/test-support";
import { resetEnvCache } from "@/lib/env";
import { type AppError, isAppError } from "@/lib/errors";
import { useFreshDatabase } from "@/tests/helpers/database";
import { createGate } from "../../../lib/auth/hashing-gate";
import {
  hashPassword,
  passwordHashingLoad,
  resetPasswordHashingGate,
  verifyPassword,
} from "../../../lib/auth/passwords";

const busy = (error: unknown) =>
  isAppError(error) &&
  error.code === "server_busy" &&
  error.status === 503 &&
  error.headers?.["Retry-After"] === "1";

describe("the hashing gate", () => {
  test("never runs more than its limit; a full queue refuses at once with 503 server_busy", async () => {
    const gate = createGate({ concurrency: 1, queueMax: 1, queueTimeoutMs: 5_000 });
    let running = 0;
    let peak = 0;
    const job = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await sleep(20);
      running -= 1;
      return "done";
    };
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => gate.run(job)));
    assert.equal(peak, 1);
    assert.deepEqual(
      results.map((r) => r.status),
      ["fulfilled", "fulfilled", "rejected", "rejected", "rejected", "rejected"],
    );
    for (const r of results) if (r.status === "rejected") assert.ok(busy(r.reason), String(r.reason));
    assert.deepEqual(gate.load(), { active: 0, queued: 0 });
  });

  test("a queued job waits at most queueTimeoutMs; a failing job frees its slot", async () => {
    const gate = createGate({ concurrency: 1, queueMax: 5, queueTimeoutMs: 30 });
    const slow = gate.run(() => sleep(200).then(() => "slow"));
    const started = performance.now();
    await assert.rejects(
      gate.run(async () => "never"),
      (e: unknown) => busy(e),
    );
    const waited = performance.now() - started;
    assert.ok(waited >= 25 && waited < 150, `waited ${waited} ms`);
    assert.deepEqual(gate.load(), { active: 1, queued: 0 }, "the timed-out waiter left the queue");
    assert.equal(await slow, "slow");
    await assert.rejects(
      gate.run(() => Promise.reject(new Error("boom"))),
      /boom/,
    );
    assert.equal(await gate.run(async () => "after"), "after");
    assert.deepEqual(gate.load(), { active: 0, queued: 0 });
  });

  test("many waiters under a limit of 3: all finish, at most 3 at once", async () => {
    const gate = createGate({ concurrency: 3, queueMax: 100, queueTimeoutMs: 5_000 });
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        gate.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await sleep(i % 3);
          running -= 1;
          return i;
        }),
      ),
    );
    assert.equal(peak, 3);
    assert.deepEqual(
      results,
      Array.from({ length: 40 }, (_, i) => i),
    );
  });
});

describe("argon2 behind the gate (PASSWORD_HASH_*)", () => {
  const set = (concurrency: string, queueMax: string) => {
    process.env.PASSWORD_HASH_CONCURRENCY = concurrency;
    process.env.PASSWORD_HASH_QUEUE_MAX = queueMax;
    resetEnvCache();
    resetPasswordHashingGate();
  };
  let cleanup: () => Promise<void>;
  before(async () => {
    cleanup = await useFreshDatabase("pglite");
  });
  after(async () => {
    delete process.env.PASSWORD_HASH_CONCURRENCY;
    delete process.env.PASSWORD_HASH_QUEUE_MAX;
    resetEnvCache();
    resetPasswordHashingGate();
    await cleanup();
  });

  test("8 concurrent hashes with a limit of 1 and a queue of 1: 2 hash, 6 get server_busy, never 2 at once", async () => {
    set("1", "1");
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, passwordHashingLoad().active);
    }, 1);
    try {
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => hashPassword("secret123")));
      const hashed = results.filter((r) => r.status === "fulfilled");
      assert.equal(hashed.length, 2);
      for (const r of hashed) assert.match(r.value, /^\$argon2id\$/);
      for (const r of results) if (r.status === "rejected") assert.ok(busy(r.reason), String(r.reason));
      // Verifying passes the same gate.
      const [hash] = hashed.map((r) => r.value);
      const checks = await Promise.allSettled(
        Array.from({ length: 4 }, () => verifyPassword(hash!, "secret123")),
      );
      assert.deepEqual(
        checks.map((c) => (c.status === "fulfilled" ? c.value : (c.reason as AppError).code)),
        [true, true, "server_busy", "server_busy"],
      );
    } finally {
      clearInterval(sampler);
    }
    assert.equal(peak, 1);
  });

  test("the API answers 503 server_busy with Retry-After in the envelope when the gate is full", async () => {
    set("1", "0");
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        send(loginRoute.POST, "/api/agents/v1/auth/login", {
          method: "POST",
          body: { email: uniqueEmail(), password: "guess-guess" },
          ip: freshIp(),
        }),
      ),
    );
    const refused = results.filter((r) => r.status === 503);
    assert.ok(refused.length >= 1, `statuses ${results.map((r) => r.status)}`);
    assert.ok(results.every((r) => r.status === 503 || r.status === 401));
    for (const r of refused) {
      assert.equal(r.json.error.code, "server_busy");
      assert.equal(r.headers.get("retry-after"), "1");
      assert.equal(r.json.data, null);
      assert.match(r.json.meta.request_id, /^req_/);
    }
    // Once the burst is over, sign-in answers normally.
    set("2", "32");
    assert.equal(
      (
        await send(loginRoute.POST, "/api/agents/v1/auth/login", {
          method: "POST",
          body: { email: uniqueEmail(), password: "guess-guess" },
          ip: freshIp(),
        })
      ).status,
      401,
    );
  });
});
