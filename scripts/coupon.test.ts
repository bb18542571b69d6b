import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { acquireDirLock } from "@/lib/db/lock";

// The operator's command exactly as the README documents it, against an embedded database on disk
// of a deployment with real Stripe keys (so no demo coupon is there to confuse the listing).
const dataDir = mkdtempSync(path.join(os.tmpdir(), "onramp-coupon-cli-"));
function coupon(...args: string[]) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ONRAMP_DATA_DIR: dataDir,
    STRIPE_SECRET_KEY: "sk_test_operator",
    STRIPE_PUBLISHABLE_KEY: "pk_test_operator",
    LOG_LEVEL: "silent",
  };
  // Not the test's in-memory database: the instance's own folder under ONRAMP_DATA_DIR.
  delete env.PGLITE_DIR;
  delete env.DATABASE_URL;
  const run = spawnSync("npm", ["run", "-s", "coupon", "--", ...args], {
    encoding: "utf8",
    env,
    timeout: 60_000,
  });
  let json: any;
  try {
    json = JSON.parse(run.stdout);
  } catch {}
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, json };
}

describe("npm run coupon", () => {
  test("creates, lists, deactivates and reactivates an operator's coupon", () => {
    const created = coupon("create", "spring25", "--credit", "25", "--max-redemptions", "100");
    assert.equal(created.status, 0, created.stderr);
    assert.deepEqual(
      {
        code: created.json.code,
        type: created.json.type,
        credit: created.json.credit_amount,
        max: created.json.max_redemptions,
        active: created.json.active,
      },
      { code: "SPRING25", type: "credit", credit: 25, max: 100, active: true },
    );
    const bonus = coupon("create", "BIG10", "--bonus-percent", "10", "--min-purchase", "50");
    assert.equal(bonus.status, 0, bonus.stderr);
    assert.equal(bonus.json.minimum_purchase, 50);

    const listed = coupon("list");
    assert.equal(listed.status, 0, listed.stderr);
    assert.deepEqual(
      listed.json.map((c: { code: string }) => c.code),
      ["SPRING25", "BIG10"],
    );

    const disabled = coupon("disable", "SPRING25");
    assert.equal(disabled.status, 0, disabled.stderr);
    assert.equal(disabled.json.active, false);
    assert.equal(coupon("enable", "spring25").json.active, true);
  });

  test("refuses a duplicate code, bad input and a wrong usage with a message", () => {
    const duplicate = coupon("create", "SPRING25", "--credit", "5");
    assert.equal(duplicate.status, 1);
    assert.match(duplicate.stderr, /conflict: A coupon SPRING25 already exists/);
    const bad = coupon("create", "FREE", "--credit", "0");
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /validation_error/);
    const both = coupon("create", "X1", "--credit", "5", "--bonus-percent", "5");
    assert.equal(both.status, 2);
    assert.match(both.stderr, /exactly one of --credit or --bonus-percent/);
  });

  test("while the server holds the embedded database, it refuses and says what to do", () => {
    const release = acquireDirLock(path.join(dataDir, "pglite"));
    try {
      const run = coupon("create", "LATE", "--credit", "5");
      assert.equal(run.status, 1);
      assert.match(run.stderr, /in use by another Onramp process/);
      assert.match(run.stderr, /stop the server/);
    } finally {
      release();
    }
  });
});
