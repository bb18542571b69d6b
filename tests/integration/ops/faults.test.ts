/**
 * Issue 16 point 3, the faults that need no second instance: Stripe failing (500, 429; lost replies
 * are IDEM-11 in app/api/agents/v1/wallet/wallet-api.test.ts), Redis going away and coming back, and
 * PostgreSQL restarting under the app. Redis and PostgreSQL are private servers started here on free
 * ports (never the machine's shared ones, which other suites use at the same time); each part skips,
 * saying why, when its server binary is missing.
 */
import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { after, before, describe, test } from "node:test";
import Redis from "ioredis";
import * as balanceRoute from "@/app/api/agents/v1/wallet/balance/route";
import * as fundRoute from "@/app/api/agents/v1/wallet/fund/route";
import { closeDb, getDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { createLogger, replaceLogger } from "@/lib/log";
import { metricsText } from "@/lib/metrics/registry";
import { closeRedis } from "@/lib/redis";
import { onboardAgent, type TestAgent } from "@/tests/helpers/agent";
import { freePortRun } from "@/tests/helpers/cluster";
import { useFreshDatabase } from "@/tests/helpers/database";
import { call } from "@/tests/helpers/http";
import { assertLedgerInvariants } from "@/tests/helpers/ledger";
import { type TestStripe, useEmulator } from "@/tests/helpers/stripe";

after(async () => {
  await closeRedis();
  await closeDb();
});

const balance = (agent: TestAgent) =>
  call(balanceRoute.GET, "/api/agents/v1/wallet/balance", { headers: agent.auth });

// One after the other: each part changes the process's configuration (database, Redis, logger).
describe("faults", { concurrency: false }, () => {
  describe("Stripe failing: 500 and 429 → a retryable 503, the retry charges once", () => {
    let stripe: TestStripe;
    let cleanup: () => Promise<void>;
    let agent: TestAgent;
    before(async () => {
      cleanup = await useFreshDatabase("pglite");
      stripe = await useEmulator();
      agent = await onboardAgent();
    });
    after(async () => {
      await assertLedgerInvariants(await getDb());
      await stripe.close();
      await cleanup();
    });
    const piCount = async () => (await stripe.helper("/_emulator/stats")).objects.payment_intent as number;

    for (const status of [500, 429]) {
      test(`Stripe answers ${status} (past the SDK's own retries)`, async () => {
        const pm = await stripe.tokenize("4242424242424242");
        const before = await piCount();
        const counted = async () =>
          Number(
            new RegExp(`onramp_stripe_errors_total\\{kind="${status}"\\} (\\d+)`).exec(
              (await metricsText()).body,
            )?.[1] ?? 0,
          );
        const seen = await counted();
        await stripe.helper("/_emulator/faults", {
          path: "/v1/payment_intents",
          method: "POST",
          action: "error",
          status,
          count: 3,
        });
        const key = `stripe-${status}-${Date.now()}`;
        const body = { amount: 11, payment_method_id: pm };
        const failed = await call(fundRoute.POST, "/api/agents/v1/wallet/fund", {
          method: "POST",
          body,
          headers: { ...agent.auth, "idempotency-key": key },
        });
        assert.equal(failed.status, 503, JSON.stringify(failed.json));
        assert.equal(failed.json.error.code, "payment_provider_error");
        assert.ok(Number(failed.headers.get("retry-after")) >= 1);
        assert.equal(
          await counted(),
          seen + 1,
          "the failed Stripe call is counted in /metrics (once, after the SDK's retries)",
        );
        // The agent retries with the same key (stripe-node itself retries a 500 but not a 429, so the
        // fault may outlast one request): every answer is the retryable 503 until one succeeds.
        let retried = failed;
        for (let i = 0; i < 4 && retried.status !== 200; i++) {
          retried = await call(fundRoute.POST, "/api/agents/v1/wallet/fund", {
            method: "POST",
            body,
            headers: { ...agent.auth, "idempotency-key": key },
          });
          if (retried.status !== 200) assert.equal(retried.json.error.code, "payment_provider_error");
        }
        assert.equal(retried.status, 200, JSON.stringify(retried.json));
        assert.equal((await piCount()) - before, 1, "never a second PaymentIntent");
      });
    }
  });

  describe("Redis away: the in-memory insurance limiter with a warning, no 5xx; back: global again", {
    skip: existsSync("/usr/bin/redis-server") ? false : "no redis-server on this machine",
  }, () => {
    let redis: ChildProcess | undefined;
    let port = 0;
    let cleanup: () => Promise<void>;
    let agent: TestAgent;
    const lines: string[] = [];
    const startRedis = async () => {
      redis = spawn(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        { stdio: "ignore" },
      );
      const probe = new Redis({
        port,
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      probe.on("error", () => {});
      for (let i = 0; i < 100; i++) {
        if (
          await probe.connect().then(
            () => true,
            () => false,
          )
        )
          break;
        await new Promise((r) => setTimeout(r, 100));
      }
      probe.disconnect();
    };
    before(async () => {
      port = await freePortRun(1);
      await startRedis();
      cleanup = await useFreshDatabase("pglite");
      agent = await onboardAgent();
      process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
      process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "1000";
      resetEnvCache();
      await closeRedis();
      resetRateLimiters();
      replaceLogger(
        createLogger(
          "info",
          new Writable({
            write(chunk, _enc, done) {
              lines.push(String(chunk));
              done();
            },
          }),
        ),
      );
    });
    after(async () => {
      replaceLogger(undefined);
      redis?.kill("SIGKILL");
      delete process.env.REDIS_URL;
      delete process.env.RATE_LIMIT_GENERAL_PER_MINUTE;
      resetEnvCache();
      await closeRedis();
      resetRateLimiters();
      await cleanup();
    });

    test("counts go to Redis, then to memory while it is down, then to Redis again", async () => {
      const keys = async () => {
        const c = new Redis({ port });
        try {
          return await c.keys("onramp:rl:agent-general:*");
        } finally {
          c.disconnect();
        }
      };
      assert.equal((await balance(agent)).status, 200);
      assert.equal((await keys()).length, 1, "the count is in Redis");

      redis?.kill("SIGKILL");
      await new Promise((r) => redis?.once("exit", r));
      for (let i = 0; i < 5; i++) {
        const res = await balance(agent);
        assert.equal(res.status, 200, JSON.stringify(res.json));
        assert.ok(res.headers.get("x-ratelimit-remaining"), "still limited, per instance");
      }
      assert.ok(
        lines.some((l) => /Redis unreachable: rate limits fall back/.test(l)),
        "a warning says the limits are per instance now",
      );

      await startRedis();
      let back = false;
      for (let i = 0; i < 50 && !back; i++) {
        assert.equal((await balance(agent)).status, 200);
        back = (await keys()).length === 1;
        if (!back) await new Promise((r) => setTimeout(r, 200));
      }
      assert.ok(back, "the count is in Redis again");
      assert.ok(lines.some((l) => /Redis is back/.test(l)));
    });
  });

  /** A private PostgreSQL cluster (initdb in a temp folder), run as the `postgres` user when we are root. */
  function postgresBin(): string | null {
    const base = "/usr/lib/postgresql";
    if (!existsSync(base)) return null;
    const version = readdirSync(base).sort().at(-1);
    const bin = version ? path.join(base, version, "bin") : "";
    return bin && existsSync(path.join(bin, "initdb")) ? bin : null;
  }
  const pgBin = postgresBin();
  const asPostgres = (cmd: string, args: string[]) =>
    process.getuid?.() === 0
      ? spawnSync("runuser", ["-u", "postgres", "--", cmd, ...args], { encoding: "utf8" })
      : spawnSync(cmd, args, { encoding: "utf8" });

  describe("PostgreSQL restarted under the app: 503 service_unavailable with Retry-After, then recovery", {
    skip: pgBin ? false : "no PostgreSQL server binaries (initdb) on this machine",
  }, () => {
    let dir = "";
    let port = 0;
    let agent: TestAgent;
    // -l: the server writes to a file, not to pipes it would inherit from pg_ctl (spawnSync would then
    // wait for the server to exit).
    const pgCtl = (...args: string[]) =>
      asPostgres(path.join(pgBin as string, "pg_ctl"), ["-D", dir, "-l", `${dir}.log`, ...args]);
    before(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), "onramp-pg-"));
      chmodSync(dir, 0o777);
      dir = path.join(dir, "data");
      port = await freePortRun(1);
      const init = asPostgres(path.join(pgBin as string, "initdb"), [
        "-D",
        dir,
        "-U",
        "postgres",
        "--auth=trust",
        "-E",
        "UTF8",
      ]);
      assert.equal(init.status, 0, init.stderr);
      const started = pgCtl(
        "-o",
        `-p ${port} -k /tmp -c listen_addresses=127.0.0.1`,
        "-w",
        "-t",
        "60",
        "start",
      );
      assert.equal(started.status, 0, started.stderr);
      process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:${port}/postgres`;
      resetEnvCache();
      await closeDb();
      await getDb();
      agent = await onboardAgent();
    });
    after(async () => {
      await closeDb();
      delete process.env.DATABASE_URL;
      resetEnvCache();
      pgCtl("-m", "immediate", "stop");
    });

    test("while it is down every answer is a 503 with Retry-After; once it is back the same token works", async () => {
      assert.equal((await balance(agent)).status, 200);
      const stopped = pgCtl("-m", "fast", "-w", "stop");
      assert.equal(stopped.status, 0, stopped.stderr);
      for (let i = 0; i < 3; i++) {
        const res = await balance(agent);
        assert.equal(res.status, 503, JSON.stringify(res.json));
        assert.equal(res.json.error.code, "service_unavailable");
        assert.ok(Number(res.headers.get("retry-after")) >= 1);
      }
      const restarted = pgCtl(
        "-o",
        `-p ${port} -k /tmp -c listen_addresses=127.0.0.1`,
        "-w",
        "-t",
        "60",
        "start",
      );
      assert.equal(restarted.status, 0, restarted.stderr);
      let res = await balance(agent);
      for (let i = 0; i < 20 && res.status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 250));
        res = await balance(agent);
      }
      assert.equal(res.status, 200, JSON.stringify(res.json));
      await assertLedgerInvariants(await getDb());
    });
  });
});
