/**
 * Domain functions answer in typed results and cents; the wire (snake_case bodies, USD decimals,
 * sentences for agents) is written by the doors: lib/http (presenters in lib/http/present), lib/mcp,
 * lib/actions and lib/query for the dashboard. So a domain file — any file of lib/ outside those
 * three and lib/money.ts, where money converts — must not convert cents to dollars
 * (`minorToUsd(`, `.toFixed(`) nor declare or return a `body: Record<string, unknown>`.
 * Nor may a domain folder keep a `present.ts`: presenters live in lib/http/present/<area>.ts. (That
 * domains never import lib/http is dependency-cruiser's layer rule, `npm run lint`.)
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";

const repo = path.resolve(import.meta.dirname, "..");

const DOORS = /^lib\/(http|actions|query|mcp)\//;
const MONEY = /^lib\/money\.ts$/;
const TEST_FILE = /\.test\.tsx?$/;

const RULES: Array<{ rule: string; pattern: RegExp }> = [
  { rule: "minorToUsd", pattern: /\bminorToUsd\s*\(/ },
  { rule: "toFixed", pattern: /\.toFixed\s*\(/ },
  { rule: "wire-body", pattern: /\bbody\s*:\s*Record\s*<\s*string\s*,\s*unknown\s*>/ },
];

interface Finding {
  file: string;
  line: number;
  rule: string;
}

function sourceFiles(dir: string, root: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) sourceFiles(full, root, out);
    else if (/\.tsx?$/.test(name)) out.push(path.relative(root, full).split(path.sep).join("/"));
  }
  return out;
}

/** Every domain file's lines that turn cents into a wire body (comments included: say it otherwise). */
function findWireInDomains(root: string): Finding[] {
  const findings: Finding[] = [];
  for (const file of sourceFiles(path.join(root, "lib"), root)) {
    if (DOORS.test(file) || MONEY.test(file) || TEST_FILE.test(file)) continue;
    readFileSync(path.join(root, file), "utf8")
      .split("\n")
      .forEach((text, i) => {
        for (const { rule, pattern } of RULES) {
          if (pattern.test(text)) findings.push({ file, line: i + 1, rule });
        }
      });
  }
  return findings;
}

const scratch = mkdtempSync(path.join(os.tmpdir(), "domain-results-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(scratch, "tree-"));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

describe("domain results: typed values in cents, the wire written by the doors", () => {
  test("the check bites: dollars and wire bodies in a domain, not in the doors or lib/money.ts", () => {
    const root = tree({
      // Violations, one per rule, in a folder domain and a root-file domain.
      "lib/usage/summary.ts":
        'import { minorToUsd } from "@/lib/money";\nexport const a = (m: number) => minorToUsd(m);\n',
      "lib/invoices/pdf.ts": "export const total = (usd: number) => usd.toFixed(2);\n",
      "lib/subscriptions/create.ts":
        'export type Result = { kind: "active"; body: Record<string, unknown> };\n',
      "lib/notify.ts": "export function f(body:Record<string,unknown>) { return body; }\n",
      // Allowed: the doors, lib/money.ts, tests, and typed results.
      "lib/http/present/usage.ts": "export const a = (m: number) => minorToUsd(m);\n",
      "lib/actions/plan-handlers.ts": "export const b = (n: number) => n.toFixed(2);\n",
      "lib/query/loaders.ts": "export const c = (m: number) => minorToUsd(m);\n",
      "lib/money.ts": "export const usdFixed = (usd: number) => `$${usd.toFixed(2)}`;\n",
      "lib/usage/summary.test.ts": "assert.equal(minorToUsd(5), 0.05);\n",
      "lib/usage/daily.ts":
        "export interface UsageDay { netMinor: number; metadata: Record<string, unknown> }\n",
    });
    assert.deepEqual(
      findWireInDomains(root).sort((a, b) => a.file.localeCompare(b.file)),
      [
        { file: "lib/invoices/pdf.ts", line: 1, rule: "toFixed" },
        { file: "lib/notify.ts", line: 1, rule: "wire-body" },
        { file: "lib/subscriptions/create.ts", line: 1, rule: "wire-body" },
        { file: "lib/usage/summary.ts", line: 2, rule: "minorToUsd" },
      ],
    );
  });

  test("no domain converts to dollars or builds a wire body", () => {
    const findings = findWireInDomains(repo);
    assert.deepEqual(
      findings.map((f) => `${f.file}:${f.line} ${f.rule}`),
      [],
      "present it in lib/http/present/<area>.ts (or the dashboard's handler) from a typed result in cents",
    );
  });

  test("no presenter module is left in a domain folder", () => {
    const presenters = sourceFiles(path.join(repo, "lib"), repo).filter(
      (f) => !DOORS.test(f) && /(^|\/)present\.tsx?$/.test(f),
    );
    assert.deepEqual(presenters, [], "presenters live in lib/http/present/<area>.ts");
  });
});
