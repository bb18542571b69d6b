import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { playwrightFailures, tapFailures } from "./test-failures.mjs";

// Real TAP from node's own runner over small files with known outcomes.
function tapOf(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "onramp-tap-"));
  try {
    for (const [name, source] of Object.entries(files)) writeFileSync(path.join(dir, name), source);
    const run = spawnSync(
      process.execPath,
      ["--test", "--test-reporter=tap", ...Object.keys(files).map((f) => path.join(dir, f))],
      // Without NODE_TEST_CONTEXT, or the inner runner would talk to ours instead of printing TAP.
      { encoding: "utf8", env: { ...process.env, NODE_TEST_CONTEXT: undefined } },
    );
    return run.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the failure recap of npm test", () => {
  test("names a failed leaf with its suites, its location and the assertion", () => {
    const tap = tapOf({
      "money.test.mjs": `
        import { describe, test } from "node:test";
        import assert from "node:assert/strict";
        describe("wallet on pglite", () => {
          test("passes", () => {});
          describe("debits", () => {
            test("never below zero", () => assert.equal(-1, 0));
          });
        });`,
    });
    const failures = tapFailures(tap);
    assert.equal(failures.length, 1, JSON.stringify(failures));
    assert.equal(failures[0]?.name, "wallet on pglite › debits › never below zero");
    assert.match(failures[0]?.details.join("\n") ?? "", /money\.test\.mjs:7/);
    assert.match(failures[0]?.file ?? "", /\/money\.test\.mjs$/, "the file, for the CI re-run");
    assert.match(failures[0]?.details.join("\n") ?? "", /-1/);
  });

  test("a failed after hook is named by its suite; a clean run has nothing to recap", () => {
    const tap = tapOf({
      "hook.test.mjs": `
        import { after, describe, test } from "node:test";
        describe("generation API", () => {
          after(() => { throw new Error("ledger drifted"); });
          test("ok", () => {});
        });`,
      "clean.test.mjs": `import { test } from "node:test"; test("fine", () => {});`,
    });
    const failures = tapFailures(tap);
    assert.equal(failures.length, 1, JSON.stringify(failures));
    assert.equal(failures[0]?.name, "generation API");
    assert.match(failures[0]?.details.join("\n") ?? "", /ledger drifted/);
    assert.deepEqual(
      tapFailures(tapOf({ "clean.test.mjs": `import { test } from "node:test"; test("fine", () => {});` })),
      [],
    );
  });

  test("Playwright: failed or flaky tests by title path and file, without colour codes", () => {
    const report = {
      suites: [
        {
          title: "checkout.spec.ts",
          specs: [],
          suites: [
            {
              title: "hosted Checkout",
              specs: [
                {
                  title: "pays",
                  file: "checkout.spec.ts",
                  line: 12,
                  tests: [
                    {
                      status: "unexpected",
                      results: [{ error: { message: "\u001b[31mExpected\u001b[39m 1\nReceived 2" } }],
                    },
                  ],
                },
                {
                  title: "retried",
                  file: "checkout.spec.ts",
                  line: 30,
                  tests: [{ status: "flaky", results: [] }],
                },
              ],
            },
          ],
        },
      ],
    };
    assert.deepEqual(playwrightFailures(report), [
      {
        name: "checkout.spec.ts › hosted Checkout › pays",
        file: "checkout.spec.ts",
        details: ["at checkout.spec.ts:12", "Expected 1", "Received 2"],
      },
    ]);
    assert.deepEqual(
      playwrightFailures(report, "flaky").map((f) => f.name),
      ["checkout.spec.ts › hosted Checkout › retried"],
    );
  });
});
