// `npm test`: unit/integration suites on node's test runner, then the Playwright suites, and one
// plain `N passed, M failed` line at the end. `npm test -- unit` or `-- e2e` runs one half.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildIfStale } from "./build.mjs";
import { playwrightFailures, tapFailures } from "./test-failures.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const which = process.argv[2] ?? "all";
const filters = process.argv.slice(3);
const SKIP = new Set(["node_modules", ".next", ".data", "e2e", ".git"]);

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || name.startsWith(".data")) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) findTests(full, out);
    else if (/\.test\.tsx?$/.test(name)) out.push(path.relative(root, full));
  }
  return out.sort();
}

const totals = { passed: 0, failed: 0, skipped: 0 };
/** Failing tests with their first error lines, repeated just above the summary so that a long
 * log's tail (all a CI page may show) still says what broke. */
const recap = [];
/** Tests that failed and then passed on the one re-run CI allows; named so flakes get fixed. */
const flaky = [];
const scratch = mkdtempSync(path.join(os.tmpdir(), "onramp-test-"));
// The unit suites log at info into this file; the e2e server logs into its data dir. Both, and
// the e2e server's database, are scanned for card numbers and one-time secrets afterwards.
const unitLog = path.join(scratch, "unit.log");

/** Runs node's test runner over `files` and reads its TAP report back. */
function runNodeTests(files, tapName) {
  const tap = path.join(scratch, tapName);
  const result = spawnSync(
    process.execPath,
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      "--test",
      "--test-concurrency=2",
      "--test-reporter=spec",
      "--test-reporter-destination=stdout",
      "--test-reporter=tap",
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    {
      cwd: root,
      stdio: "inherit",
      env: {
        ...process.env,
        NODE_ENV: "test",
        LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
        LOG_FILE: unitLog,
      },
    },
  );
  const text = existsSync(tap) ? readFileSync(tap, "utf8") : "";
  const count = (label) => Number(text.match(new RegExp(`^# ${label} (\\d+)$`, "m"))?.[1] ?? 0);
  const failed = count("fail") + count("cancelled");
  return {
    passed: count("pass"),
    // A failed hook or a crash fails the run without failing a test: count it once.
    failed: failed === 0 && result.status !== 0 ? 1 : failed,
    skipped: count("skipped") + count("todo"),
    failures: tapFailures(text),
  };
}

/**
 * PCI-04: after a half has run, its logs (and the e2e server's database) must hold no card number,
 * verification code, reset token, access token or API key in clear (scripts/scan-secrets.ts).
 * The unit suites' databases are scanned one by one before they are dropped (tests/helpers/database.ts).
 */
function scanForSecrets(label, args) {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(root, "scripts/scan-secrets.ts"), ...args],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  process.stdout.write(result.stdout ?? "");
  process.stderr.write(result.stderr ?? "");
  if (result.status === 0) {
    totals.passed += 1;
    return;
  }
  totals.failed += 1;
  recap.push({
    name: `secret scan after the ${label} suites`,
    details: `${result.stderr ?? ""}`.trim().split("\n").slice(0, 12),
  });
}

function runUnit() {
  let files = findTests(root);
  if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
  if (files.length === 0) {
    console.log("[test] no unit test files found");
    totals.failed += 1;
    return;
  }
  const first = runNodeTests(files, "unit.tap");
  let { passed, failed } = first;
  let failures = first.failures;
  // In CI only, like Playwright's one retry there: the files that failed run once more, alone. A
  // file that then passes is reported as flaky by name; one that fails again fails the run.
  const rerunFiles = [...new Set(failures.map((f) => f.file))];
  if (process.env.CI && failed > 0 && failures.length > 0 && !rerunFiles.includes("")) {
    console.log(`\n[test] re-running ${rerunFiles.length} failed file(s) once: ${rerunFiles.join(", ")}`);
    const again = runNodeTests(rerunFiles, "unit-rerun.tap");
    if (again.failed === 0) {
      flaky.push(...failures);
      passed += failed;
      failed = 0;
      failures = [];
    } else {
      failures = [...failures, ...again.failures.map((f) => ({ ...f, name: `${f.name} (again on re-run)` }))];
    }
  }
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += first.skipped;
  recap.push(...failures);
  console.log(`[test] unit/integration: ${passed} passed, ${failed} failed`);
  // A filtered run, or one at LOG_LEVEL=silent, may write no log at all; the whole suite at info always does.
  const mustHaveLog = filters.length === 0 && (process.env.LOG_LEVEL ?? "info") === "info";
  if (existsSync(unitLog) || mustHaveLog) scanForSecrets("unit", ["--log", unitLog]);
  else console.log("[test] unit logs not scanned: this run wrote none");
}

function runE2e() {
  try {
    buildIfStale();
  } catch (error) {
    console.error(`[test] ${error.message}`);
    totals.failed += 1;
    return;
  }
  const report = path.join(scratch, "playwright.json");
  // playwright.config.ts puts the server's data (PGlite, log file) here.
  process.env.E2E_DATA_DIR ??= path.join(scratch, "e2e-data");
  const dataDir = process.env.E2E_DATA_DIR;
  const result = spawnSync(
    process.execPath,
    [path.join(root, "node_modules/@playwright/test/cli.js"), "test", "--reporter=list,json", ...filters],
    { cwd: root, stdio: "inherit", env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: report } },
  );
  let stats = { expected: 0, unexpected: 0, flaky: 0, skipped: 0 };
  if (existsSync(report)) {
    try {
      const json = JSON.parse(readFileSync(report, "utf8"));
      stats = { ...stats, ...json.stats };
      recap.push(...playwrightFailures(json));
      flaky.push(...playwrightFailures(json, "flaky"));
    } catch {}
  }
  const passed = stats.expected + stats.flaky;
  totals.passed += passed;
  totals.failed += stats.unexpected;
  totals.skipped += stats.skipped;
  if (result.status !== 0 && stats.unexpected === 0) totals.failed += 1;
  console.log(`[test] e2e: ${passed} passed, ${stats.unexpected} failed`);
  scanForSecrets("e2e", [
    "--log",
    path.join(dataDir, "server.log"),
    "--pglite",
    path.join(dataDir, "pglite"),
  ]);
}

if (which === "all" || which === "unit") runUnit();
if (which === "all" || which === "e2e") runE2e();
rmSync(scratch, { recursive: true, force: true });

if (flaky.length > 0) {
  console.log("\n[test] flaky (failed, then passed on a re-run):");
  for (const failure of flaky) {
    console.log(`  ! ${failure.name}`);
    for (const detail of failure.details) console.log(`      ${detail}`);
  }
}
if (recap.length > 0) {
  console.log("\n[test] failed:");
  for (const failure of recap) {
    console.log(`  ✖ ${failure.name}`);
    for (const detail of failure.details) console.log(`      ${detail}`);
  }
}

console.log(
  `\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`,
);
process.exit(totals.failed > 0 ? 1 : 0);
