/**
 * Each boundary rule of `npm run lint` bites: a small tree with one purpose-made violation per rule
 * (and an allowed neighbour for each) is checked with the repository's own rules, then the real tree
 * must pass. Biome's style/noProcessEnv, which covers `process.env` itself, is checked the same way.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";

const repo = path.resolve(import.meta.dirname, "..");

interface Report {
  violations: Array<{ rule: string; from: string; to: string }>;
  cycles: string[][];
}

function check(root: string): Report {
  const run = spawnSync(process.execPath, ["scripts/check-boundaries.mjs", "--root", root, "--json"], {
    cwd: repo,
    encoding: "utf8",
  });
  assert.equal(run.stderr, "", run.stderr);
  return JSON.parse(run.stdout) as Report;
}

/** One lowest domain per layer of .dependency-cruiser.cjs, in order. */
const LAYER_SAMPLES = ["env", "accounts", "auth", "payments", "wallet", "checkout", "billing", "http"];

const FILES: Record<string, string> = {
  "tsconfig.json": JSON.stringify({
    compilerOptions: {
      module: "esnext",
      moduleResolution: "bundler",
      jsx: "react-jsx",
      paths: { "@/*": ["./*"] },
    },
  }),
  "node_modules/stripe/package.json": JSON.stringify({
    name: "stripe",
    main: "index.js",
    types: "index.d.ts",
  }),
  "node_modules/stripe/index.js": "module.exports = class Stripe {};\n",
  "node_modules/stripe/index.d.ts": "export default class Stripe {}\n",
  // Each layer importing the next one up; the doors importing down is fine.
  ...Object.fromEntries(
    LAYER_SAMPLES.slice(0, -1).map((domain, i) => [
      domain === "env" ? "lib/env.ts" : `lib/${domain}/up.ts`,
      `import { x } from "@/lib/${LAYER_SAMPLES[i + 1]}/target";\nexport const y = x;\n`,
    ]),
  ),
  ...Object.fromEntries(
    LAYER_SAMPLES.slice(1).map((domain) => [`lib/${domain}/target.ts`, "export const x = 1;\n"]),
  ),
  "lib/http/down.ts": 'import { x } from "@/lib/usage/target";\nexport const y = x;\n',
  "lib/usage/target.ts": "export const x = 1;\n",
  // A new lib/ folder must be given a layer before it may depend on anything.
  "lib/newcomer/thing.ts": 'import { x } from "@/lib/usage/target";\nexport const y = x;\n',
  // Same layer, in a ring: no layer rule sees it, the domain-cycle check does.
  "lib/subscriptions/ring.ts": 'import { x } from "@/lib/wallet/ring";\nexport const y = x;\n',
  "lib/wallet/ring.ts": 'import { y } from "@/lib/subscriptions/ring";\nexport const x = y;\n',
  // lib/ never imports app/ or the root auth.ts, tests included.
  "app/api/thing/route.ts": "export const GET = () => null;\n",
  "auth.ts": "export const auth = () => null;\n",
  "lib/wallet/route.test.ts": 'import { GET } from "@/app/api/thing/route";\nexport const g = GET;\n',
  "lib/wallet/session.ts": 'import { auth } from "@/auth";\nexport const a = auth;\n',
  // The stripe SDK: at run time only in lib/stripe (and the emulator's tests); types also in the emulator.
  "lib/stripe/client.ts": 'import Stripe from "stripe";\nexport const s = Stripe;\n',
  "lib/wallet/sdk.ts": 'import Stripe from "stripe";\nexport const s = Stripe;\n',
  "lib/wallet/sdk-types.ts": 'import type Stripe from "stripe";\nexport type S = Stripe;\n',
  "emulator/types.ts": 'import type Stripe from "stripe";\nexport type S = Stripe;\n',
  "emulator/runtime.ts": 'import Stripe from "stripe";\nexport const s = Stripe;\n',
  "emulator/tests/sdk.test.ts": 'import Stripe from "stripe";\nexport const s = Stripe;\n',
  // The environment only through lib/env.ts.
  "lib/wallet/environment.ts": 'import { env } from "node:process";\nexport const e = env;\n',
  "lib/log.ts": 'import process from "node:process";\nexport const p = process;\n',
  // The emulator and the app keep to the emulator's start function and HTTP API.
  "lib/private-files.ts": "export const mode = 0o600;\n",
  "emulator/store.ts": 'import { mode } from "../lib/private-files";\nexport const m = mode;\n',
  "emulator/server.ts": "export const startEmulator = () => null;\n",
  "tests/helpers/emulator.ts":
    'import { startEmulator } from "@/emulator/server";\nimport { m } from "@/emulator/store";\nexport const all = [startEmulator, m];\n',
  // The database: never from components/, nor from app/ pages (route handlers wait for the door core).
  "lib/db/client.ts": "export const getDb = () => null;\n",
  "components/panel.tsx": 'import { getDb } from "@/lib/db/client";\nexport const d = getDb;\n',
  "app/dashboard/page.tsx": 'import { getDb } from "@/lib/db/client";\nexport const d = getDb;\n',
  "app/api/thing/db/route.ts": 'import { getDb } from "@/lib/db/client";\nexport const d = getDb;\n',
  "app/dashboard/page.test.ts": 'import { getDb } from "@/lib/db/client";\nexport const d = getDb;\n',
};

describe("the boundary rules", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "onramp-boundaries-"));
  after(() => rmSync(root, { recursive: true, force: true }));
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  const report = check(root);
  const found = (rule: string, from: string) =>
    report.violations.some((v) => v.rule === rule && v.from === from);

  test("a lib/ domain never imports a higher layer; the doors import down freely", () => {
    LAYER_SAMPLES.slice(0, -1).forEach((domain, i) => {
      const from = domain === "env" ? "lib/env.ts" : `lib/${domain}/up.ts`;
      assert.ok(found(`layer-${i}-not-upward`, from), `layer ${i}: ${from}`);
    });
    assert.ok(!report.violations.some((v) => v.from === "lib/http/down.ts"));
    assert.ok(found("lib-domain-has-a-layer", "lib/newcomer/thing.ts"));
  });

  test("two lib/ domains importing each other are a cycle, even within one layer", () => {
    assert.deepEqual(report.cycles, [["subscriptions", "wallet"]]);
  });

  test("lib/ never imports app/ or the root auth.ts, tests included", () => {
    assert.ok(found("lib-not-to-app", "lib/wallet/route.test.ts"));
    assert.ok(found("lib-not-to-app", "lib/wallet/session.ts"));
  });

  test("the stripe SDK at run time only in lib/stripe and the emulator's tests; its types also in the emulator", () => {
    assert.ok(found("stripe-sdk-only-in-lib-stripe", "lib/wallet/sdk.ts"));
    assert.ok(found("stripe-sdk-only-in-lib-stripe", "emulator/runtime.ts"));
    assert.ok(found("stripe-types-only-in-lib-stripe-and-emulator", "lib/wallet/sdk-types.ts"));
    for (const allowed of ["lib/stripe/client.ts", "emulator/types.ts", "emulator/tests/sdk.test.ts"]) {
      assert.ok(!report.violations.some((v) => v.from === allowed), allowed);
    }
  });

  test("the process module only in lib/env.ts", () => {
    assert.ok(found("process-only-in-lib-env", "lib/wallet/environment.ts"));
    assert.ok(found("process-only-in-lib-env", "lib/log.ts"));
  });

  test("the emulator imports nothing of the app, and the rest only its start function", () => {
    assert.ok(found("emulator-imports-nothing-of-the-app", "emulator/store.ts"));
    const fromHelper = report.violations.filter((v) => v.from === "tests/helpers/emulator.ts");
    assert.deepEqual(
      fromHelper.map((v) => [v.rule, v.to]),
      [["emulator-only-through-its-start-function", "emulator/store.ts"]],
    );
  });

  test("components/ and app/ (pages and route handlers alike) never import lib/db", () => {
    assert.ok(found("components-not-to-lib-db", "components/panel.tsx"));
    assert.ok(found("app-not-to-lib-db", "app/dashboard/page.tsx"));
    assert.ok(found("app-not-to-lib-db", "app/api/thing/db/route.ts"));
    assert.ok(!report.violations.some((v) => v.from === "app/dashboard/page.test.ts"));
  });

  test("nothing else is reported: every violation above is one the fixture meant", () => {
    assert.equal(report.violations.length, LAYER_SAMPLES.length - 1 + 1 + 2 + 3 + 2 + 2 + 3);
  });
});

test("process.env itself is refused outside lib/env.ts (Biome's style/noProcessEnv)", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "onramp-process-env-"));
  after(() => rmSync(root, { recursive: true, force: true }));
  copyFileSync(path.join(repo, "biome.json"), path.join(root, "biome.json"));
  const lint = (file: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), "export const port = process.env.PORT;\n");
    return spawnSync(process.execPath, [biome, "lint", "--vcs-enabled=false", file], {
      cwd: root,
      encoding: "utf8",
    });
  };
  const biome = path.join(repo, "node_modules/@biomejs/biome/bin/biome");
  const refused = lint("lib/wallet/port.ts");
  assert.notEqual(refused.status, 0);
  assert.match(refused.stdout + refused.stderr, /noProcessEnv/);
  assert.equal(lint("lib/env.ts").status, 0);
});

test("the real tree keeps every boundary", () => {
  const report = check(repo);
  assert.deepEqual(report.violations, []);
  assert.deepEqual(report.cycles, []);
});
