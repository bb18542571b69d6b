/**
 * Every command in package.json, run the way the README documents it: each one starts and does its
 * job, or refuses clearly, within a bounded time — so a documented command cannot silently break
 * again (`npm run reconcile` once failed before doing anything). A new script without an entry
 * here fails the first test. The slow ones say how they are covered instead of running in full.
 */
import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { type SpawnSyncReturns, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import pg from "pg";
import { freePortRun } from "@/tests/helpers/cluster";
import { MACHINE_DATABASE_URL } from "@/tests/helpers/test-env";

const root = process.cwd();
const scripts = Object.keys(
  (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> })
    .scripts,
);

/** How each script is smoke-tested below, or where else it is exercised in full. */
const COVERAGE: Record<string, string> = {
  dev: "refuses an invalid PORT, naming it",
  build: "resolves `next build` (--help); the e2e half and the cluster suite build for real",
  start: "refuses an invalid PORT, naming it; e2e runs it for real (playwright.config.ts webServer)",
  "start:cluster": "refuses without DATABASE_URL and REDIS_URL; tests/cluster runs it for real",
  emulator: "listens, answers, stops on SIGTERM",
  test: "an unknown filter fails clearly",
  "test:unit": "runs one small file",
  "test:e2e": "lists the specs when the build is fresh (running them is npm test's e2e half)",
  typecheck: "resolves tsc (--version); .ci/run runs it in full",
  lint: "resolves biome (--version); .ci/run runs it in full",
  format: "resolves `biome check --write` (--help, writes nothing)",
  "db:generate": "finds no schema change to migrate",
  reconcile: "runs a pass on PostgreSQL; on a held PGlite folder with no server, refuses clearly",
  "check:ledger": "passes a clean database, exits 2 on a broken one; refuses clearly on a held PGlite folder",
  coupon: "scripts/coupon.test.ts runs every subcommand",
  bench: "parses (node --check); benchmarks run by hand, see scripts/bench",
  "bench:enumeration": "parses (node --check); benchmarks run by hand",
  "bench:webhooks": "parses (node --check); benchmarks run by hand",
  "bench:door-kit": "parses (node --check); benchmarks run by hand",
  "demo:agent": "parses (node --check); e2e/demo-agent.spec.ts plays both variants against the e2e server",
  openapi: "regenerates the document, which must come out identical to the checked-in one",
};

const baseEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "silent", NEXT_TELEMETRY_DISABLED: "1" };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.PGLITE_DIR;
  delete env.NODE_OPTIONS;
  return env;
};

function npm(
  args: string[],
  env: NodeJS.ProcessEnv = baseEnv(),
  timeout = 120_000,
): SpawnSyncReturns<string> {
  return spawnSync("npm", ["run", "-s", ...args], { cwd: root, encoding: "utf8", env, timeout });
}

const out = (r: SpawnSyncReturns<string>) => `${r.stdout}\n${r.stderr}`;

test("every package.json script has a smoke test here", () => {
  assert.deepEqual(
    scripts.filter((s) => !(s in COVERAGE)),
    [],
    "add the new script to COVERAGE and test it",
  );
  assert.deepEqual(
    Object.keys(COVERAGE).filter((s) => !scripts.includes(s)),
    [],
    "a script was removed",
  );
});

describe("package.json scripts", { concurrency: false }, () => {
  for (const script of ["dev", "start"]) {
    test(`npm run ${script}: an invalid PORT is refused by name before anything starts`, () => {
      const run = npm([script], {
        ...baseEnv(),
        PORT: "not-a-port",
        ONRAMP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "onramp-s-")),
      });
      assert.equal(run.status, 1, out(run));
      assert.match(run.stderr, /PORT/);
      assert.doesNotMatch(run.stdout, /Onramp is running/);
    });
  }

  test("npm run start:cluster: without PostgreSQL and Redis it says which variables it needs", () => {
    const run = npm(["start:cluster", "--", "--no-build"], {
      ...baseEnv(),
      ONRAMP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "onramp-s-")),
    });
    assert.equal(run.status, 1, out(run));
    assert.match(run.stderr, /DATABASE_URL/);
    assert.match(run.stderr, /REDIS_URL/);
  });

  test("npm run emulator: listens on STRIPE_EMULATOR_PORT, answers, stops on SIGTERM", async () => {
    const port = await freePortRun(1);
    const child = spawn("npm", ["run", "-s", "emulator"], {
      cwd: root,
      env: {
        ...baseEnv(),
        STRIPE_EMULATOR_PORT: String(port),
        ONRAMP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "onramp-s-")),
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    try {
      let text = "";
      child.stdout.on("data", (d) => {
        text += d;
      });
      const deadline = Date.now() + 90_000;
      while (!text.includes("listening") && Date.now() < deadline && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.match(text, new RegExp(`listening on http://127.0.0.1:${port}`));
      const res = await fetch(`http://127.0.0.1:${port}/v1/customers`, {
        headers: { authorization: `Basic ${Buffer.from("sk_test_x:").toString("base64")}` },
      });
      assert.equal(res.status, 200);
      const exited = new Promise<string>((r) => child.once("exit", (code, signal) => r(`${code}/${signal}`)));
      // As a terminal's Ctrl-C or a supervisor would: the whole group (npm and the emulator under it).
      process.kill(-(child.pid as number), "SIGTERM");
      assert.match(await exited, /^(0\/null|null\/SIGTERM)$/);
      let closed = false;
      for (let i = 0; i < 50 && !closed; i++) {
        closed = await fetch(`http://127.0.0.1:${port}/`).then(
          () => false,
          () => true,
        );
        if (!closed) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(closed, "the emulator let go of its port");
    } finally {
      if (child.exitCode === null) process.kill(-(child.pid as number), "SIGKILL");
    }
  });

  test("npm run build / typecheck / lint / format resolve their tools without building or writing", () => {
    const build = npm(["build", "--", "--help"]);
    assert.equal(build.status, 0, out(build));
    assert.match(out(build), /build/i);
    const typecheck = npm(["typecheck", "--", "--version"]);
    assert.equal(typecheck.status, 0, out(typecheck));
    assert.match(typecheck.stdout, /Version \d/);
    const biome = spawnSync("npx", ["biome", "--version"], { cwd: root, encoding: "utf8" });
    assert.equal(biome.status, 0, out(biome));
    const format = npm(["format", "--", "--help"]);
    assert.equal(format.status, 0, out(format));
    const ci = readFileSync(path.join(root, ".ci/run"), "utf8");
    for (const full of ["npm run typecheck", "npm run lint", "npm test"]) assert.ok(ci.includes(full), full);
  });

  test("npm test / test:unit: an unknown filter fails clearly; one small file runs", () => {
    const none = npm(["test", "--", "unit", `no-such-test-${randomBytes(4).toString("hex")}`]);
    assert.notEqual(none.status, 0);
    assert.match(none.stdout, /no unit test files found/);
    const one = npm(["test:unit", "lib/money.test.ts"], baseEnv(), 180_000);
    assert.equal(one.status, 0, out(one));
    assert.match(one.stdout, /\d+ passed, 0 failed/);
  });

  test("npm run test:e2e: lists the specs (only when the build is fresh; building is the e2e half's job)", async (t) => {
    const { buildIsFresh } = (await import("../../scripts/source-hash.mjs")) as {
      buildIsFresh: (root: string) => boolean;
    };
    if (!buildIsFresh(root)) {
      t.skip("the Next build is stale; npm test's e2e half builds and runs this command in full");
      return;
    }
    const run = npm(["test:e2e", "--", "--list"], baseEnv(), 180_000);
    assert.match(run.stdout, /landing\.spec\.ts/, out(run));
  });

  test("npm run db:generate: the committed migrations match the schema (nothing to generate)", () => {
    const run = npm(["db:generate"], baseEnv(), 180_000);
    assert.equal(run.status, 0, out(run));
    assert.match(out(run), /No schema changes/i);
  });

  test("npm run openapi: the regenerated document is the checked-in one", () => {
    const document = path.join(root, "lib/http/openapi/document.json");
    const before = readFileSync(document, "utf8");
    const run = npm(["openapi"], baseEnv(), 180_000);
    assert.equal(run.status, 0, out(run));
    assert.equal(readFileSync(document, "utf8"), before, "run npm run openapi and commit the document");
  });

  test("npm run bench* and demo:agent: the scripts parse", () => {
    const files = [
      "run.mjs",
      "browser.mjs",
      "door-kit.mjs",
      "enumeration.mjs",
      "webhooks.mjs",
      "instance.mjs",
    ]
      .map((file) => path.join("scripts/bench", file))
      .concat("scripts/demo-agent.mjs");
    for (const file of files) {
      const run = spawnSync(process.execPath, ["--check", path.join(root, file)], {
        encoding: "utf8",
      });
      assert.equal(run.status, 0, `${file}: ${out(run)}`);
    }
  });

  /** A data folder whose PGlite lock is held by a live process (this one) and no server behind it. */
  function heldFolder(): NodeJS.ProcessEnv {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "onramp-held-"));
    writeFileSync(path.join(dataDir, "pglite.lock"), String(process.pid));
    return { ...baseEnv(), ONRAMP_DATA_DIR: dataDir, PORT: "9" };
  }

  for (const script of ["reconcile", "check:ledger"]) {
    test(`npm run ${script}: on a PGlite folder another process holds, with no server to ask, it refuses clearly`, () => {
      const run = npm([script], heldFolder());
      assert.equal(run.status, 1, out(run));
      assert.match(run.stderr, /no Onramp server answers at http:\/\/127\.0\.0\.1:9\/api\/admin\//);
      assert.doesNotMatch(run.stderr, /Top-level await|at .*\.ts:\d+/);
    });
  }

  describe("on PostgreSQL", { skip: MACHINE_DATABASE_URL ? false : "needs DATABASE_URL" }, () => {
    const withDatabase = async (fn: (url: string) => Promise<void>) => {
      const name = `onramp_scripts_${process.pid}_${randomBytes(4).toString("hex")}`;
      const admin = new pg.Client({ connectionString: MACHINE_DATABASE_URL });
      await admin.connect();
      await admin.query(`create database ${name}`);
      const url = new URL(MACHINE_DATABASE_URL as string);
      url.pathname = `/${name}`;
      try {
        await fn(url.toString());
      } finally {
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    };

    test("npm run check:ledger: exit 0 on a clean database, 2 naming the invariant on a broken one", async () => {
      await withDatabase(async (url) => {
        const env = {
          ...baseEnv(),
          DATABASE_URL: url,
          ONRAMP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "onramp-s-")),
        };
        const clean = npm(["check:ledger"], env);
        assert.equal(clean.status, 0, out(clean));
        assert.equal(JSON.parse(clean.stdout).ok, true);
        const db = new pg.Client({ connectionString: url });
        await db.connect();
        await db.query("drop trigger ledger_entry_no_update_or_delete on ledger_entry");
        await db.end();
        const broken = npm(["check:ledger"], env);
        assert.equal(broken.status, 2, out(broken));
        const report = JSON.parse(broken.stdout);
        assert.equal(report.ok, false);
        assert.ok(report.breaches.some((b: { invariant: string }) => b.invariant === "LEDGER-04"));
      });
    });

    test("npm run reconcile: one pass against the emulator, the report as JSON, exit 0", async () => {
      await withDatabase(async (url) => {
        const port = await freePortRun(1);
        const dataDir = mkdtempSync(path.join(os.tmpdir(), "onramp-s-"));
        const env = {
          ...baseEnv(),
          DATABASE_URL: url,
          ONRAMP_DATA_DIR: dataDir,
          STRIPE_EMULATOR_PORT: String(port),
        };
        const emulator = spawn(process.execPath, ["--import", "tsx", "scripts/emulator.ts"], {
          cwd: root,
          env,
          stdio: "ignore",
        });
        try {
          for (let i = 0; i < 300; i++) {
            if (
              await fetch(`http://127.0.0.1:${port}/`).then(
                () => true,
                () => false,
              )
            )
              break;
            await new Promise((r) => setTimeout(r, 200));
          }
          const run = npm(["reconcile"], env);
          assert.equal(run.status, 0, out(run));
          const report = JSON.parse(run.stdout);
          assert.equal(report.failed, 0);
          assert.deepEqual(report.exceptions, []);
        } finally {
          emulator.kill("SIGTERM");
        }
      });
    });
  });
});
