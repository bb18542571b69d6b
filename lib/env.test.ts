import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, statSync } from "node:fs";
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
  assert.deepEqual(e.rateLimits, { auth: 20, billing: 15, general: 120, signup: 5, authIp: 60, pages: 30 });
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

test("local mode listens on loopback unless HOST says otherwise, and then warns", () => {
  const local = parseEnv({ ONRAMP_DATA_DIR: dataDir() });
  assert.equal(local.host, "127.0.0.1");
  assert.equal(local.hostWarning, null);
  const exposed = parseEnv({ ONRAMP_DATA_DIR: dataDir(), HOST: "0.0.0.0" });
  assert.equal(exposed.host, "0.0.0.0");
  assert.match(exposed.hostWarning ?? "", /HOST=0\.0\.0\.0 .*reachable from other machines/);
  assert.equal(parseEnv({ ONRAMP_DATA_DIR: dataDir(), HOST: "[::1]" }).host, "::1");
  assert.equal(parseEnv({ ONRAMP_DATA_DIR: dataDir(), HOST: "localhost" }).hostWarning, null);
  // Outside local mode the default stays every interface, without a warning.
  const real = { STRIPE_SECRET_KEY: "sk_test_a", STRIPE_PUBLISHABLE_KEY: "pk_test_a" };
  assert.equal(parseEnv({ ONRAMP_DATA_DIR: dataDir(), ...real }).host, undefined);
  const forced = parseEnv({ ONRAMP_DATA_DIR: dataDir(), ...real, ONRAMP_LOCAL_MODE: "1" });
  assert.equal(forced.host, "127.0.0.1");
  assert.throws(() => parseEnv({ ONRAMP_DATA_DIR: dataDir(), HOST: "a b" }), /HOST/);
});

test("ONRAMP_LOCAL_MODE=1 with a live key refuses to start", () => {
  const live = { STRIPE_SECRET_KEY: "sk_live_abc", STRIPE_PUBLISHABLE_KEY: "pk_live_abc" };
  assert.throws(
    () => parseEnv({ ONRAMP_DATA_DIR: dataDir(), ...live, ONRAMP_LOCAL_MODE: "1" }),
    (e: unknown) =>
      e instanceof EnvError && /ONRAMP_LOCAL_MODE: cannot be on with a live Stripe key/.test(e.message),
  );
  assert.throws(
    () =>
      parseEnv({
        ONRAMP_DATA_DIR: dataDir(),
        ...live,
        STRIPE_SECRET_KEY: "rk_live_abc",
        ONRAMP_LOCAL_MODE: "1",
      }),
    EnvError,
  );
  assert.equal(parseEnv({ ONRAMP_DATA_DIR: dataDir(), ...live }).localMode, false);
});

test("the data folder and the generated secrets are owner-only", () => {
  const parent = dataDir();
  const dir = path.join(parent, "nested", "data");
  parseEnv({ ONRAMP_DATA_DIR: dir });
  const mode = (p: string) => statSync(p).mode & 0o777;
  assert.equal(mode(dir), 0o700);
  assert.equal(mode(path.join(dir, "secret")), 0o600);
  assert.equal(mode(path.join(dir, "stripe-webhook-secret")), 0o600);
  // A folder and secret left readable by an older version are tightened at the next start.
  chmodSync(dir, 0o755);
  chmodSync(path.join(dir, "secret"), 0o644);
  parseEnv({ ONRAMP_DATA_DIR: dir });
  assert.equal(mode(dir), 0o700);
  assert.equal(mode(path.join(dir, "secret")), 0o600);
});

test("REDIS_KEY_PREFIX: onramp: by default; a deployment's own; refused when it could not start a key", () => {
  assert.equal(parseEnv({ ONRAMP_DATA_DIR: dataDir() }).redisKeyPrefix, "onramp:");
  assert.equal(
    parseEnv({ ONRAMP_DATA_DIR: dataDir(), REDIS_KEY_PREFIX: "onramp-staging:" }).redisKeyPrefix,
    "onramp-staging:",
  );
  for (const bad of ["has space:", "x".repeat(65), "star*:"]) {
    assert.throws(
      () => parseEnv({ ONRAMP_DATA_DIR: dataDir(), REDIS_KEY_PREFIX: bad }),
      (e: unknown) => e instanceof EnvError && /REDIS_KEY_PREFIX/.test(e.message),
    );
  }
});
