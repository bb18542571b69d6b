import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";

// The listening address and the /dev gate of a running server are checked end to end in
// e2e/local-mode.spec.ts (it needs a build); the refusal happens before anything is built or bound.
test("npm start refuses ONRAMP_LOCAL_MODE=1 with a live Stripe key, naming the variable", () => {
  const run = spawnSync(process.execPath, ["scripts/start.mjs", "--no-build", "--no-emulator"], {
    encoding: "utf8",
    timeout: 30_000,
    env: {
      ...process.env,
      ONRAMP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "onramp-start-")),
      ONRAMP_LOCAL_MODE: "1",
      STRIPE_SECRET_KEY: "sk_live_abcdefghijklmnop",
      STRIPE_PUBLISHABLE_KEY: "pk_live_abcdefghijklmnop",
      PORT: "1",
    },
  });
  assert.equal(run.status, 1, run.stdout + run.stderr);
  assert.match(run.stderr, /ONRAMP_LOCAL_MODE: cannot be on with a live Stripe key/);
  assert.doesNotMatch(run.stdout, /Onramp is running/);
});
