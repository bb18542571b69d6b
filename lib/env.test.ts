import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { EnvError, parseEnv } from "./env";

const dataDir = () => mkdtempSync(path.join(os.tmpdir(), "onramp-env-"));

test("defaults: embedded everything, local mode, generated secrets persisted once", () => {
  const dir = dataDir();
  const e = parseEnv({ ONRAMP_DATA_DIR: dir });
  assert.equal(e.port, 3000);
  assert.equal(e.appUrl, "http://localhost:3000");
  assert.deepEqual(e.database, { kind: "pglite", dir: path.join(dir, "pglite") });
  assert.equal(e.stripe.mode, "emulator");
  assert.equal(e.stripe.apiBase?.toString(), "http://127.0.0.1:12111/");
  assert.equal(e.stripe.webhookUrl, "http://localhost:3000/api/stripe/webhook");
  assert.equal(e.localMode, true);
  assert.equal(e.mail.kind, "outbox");
  assert.deepEqual(e.rateLimits, { auth: 20, billing: 15, general: 120, signup: 5, authIp: 60 });
  assert.deepEqual(e.passwordHashing, { concurrency: 2, queueMax: 32, queueTimeoutMs: 5_000 });
  assert.equal(readFileSync(path.join(dir, "secret"), "utf8").trim(), e.authSecret);
  assert.match(e.stripe.webhookSecret, /^whsec_/);
  const again = parseEnv({ ONRAMP_DATA_DIR: dir });
  assert.equal(again.authSecret, e.authSecret);
  assert.equal(again.stripe.webhookSecret, e.stripe.webhookSecret);
});

test("real services switch on with their variables", () => {
  const e = parseEnv({
    ONRAMP_DATA_DIR: dataDir(),
    DATABASE_URL: "postgres://u@db:5432/x",
    STRIPE_SECRET_KEY: "sk_test_abc",
    STRIPE_PUBLISHABLE_KEY: "pk_test_abc",
    STRIPE_WEBHOOK_SECRET: "whsec_abc",
    SMTP_URL: "smtp://mail:25",
    REDIS_URL: "redis://r:6379",
    AUTH_SECRET: "x".repeat(32),
  });
  assert.equal(e.database.kind, "postgres");
  assert.equal(e.stripe.mode, "stripe");
  assert.equal(e.stripe.apiBase, undefined);
  assert.equal(e.localMode, false);
  assert.equal(e.mail.kind, "smtp");
  assert.equal(e.redisUrl, "redis://r:6379");
  assert.equal(
    parseEnv({
      ONRAMP_DATA_DIR: dataDir(),
      STRIPE_SECRET_KEY: "sk_test_a",
      STRIPE_PUBLISHABLE_KEY: "pk_test_a",
      ONRAMP_LOCAL_MODE: "1",
    }).localMode,
    true,
  );
});

test("a bad variable is named in the error", () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: "abc" }, /PORT/],
    [{ DATABASE_URL: "mysql://x" }, /DATABASE_URL/],
    [{ STRIPE_SECRET_KEY: "nope" }, /STRIPE_SECRET_KEY/],
    [{ STRIPE_SECRET_KEY: "sk_test_a" }, /STRIPE_PUBLISHABLE_KEY: is required/],
    [{ RATE_LIMIT_AUTH_PER_MINUTE: "0" }, /RATE_LIMIT_AUTH_PER_MINUTE/],
    [{ RATE_LIMIT_SIGNUP_PER_HOUR: "0" }, /RATE_LIMIT_SIGNUP_PER_HOUR/],
    [{ PASSWORD_HASH_CONCURRENCY: "0" }, /PASSWORD_HASH_CONCURRENCY/],
    [{ AUTH_SECRET: "short" }, /AUTH_SECRET/],
  ];
  for (const [vars, pattern] of cases) {
    assert.throws(
      () => parseEnv({ ONRAMP_DATA_DIR: dataDir(), ...vars }),
      (e: unknown) => e instanceof EnvError && pattern.test(e.message),
    );
  }
});
