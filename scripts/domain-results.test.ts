/**
 * Domain functions answer in typed results (integer cents, domain words); the wire — snake_case
 * shapes, USD numbers, sentences for agents — is written by the doors (lib/http/present/). This
 * keeps the money domains that way: their sources may not turn cents into the API's USD numbers,
 * format floats, or hand back a `body: Record<string, unknown>`. (That they never import lib/http
 * is dependency-cruiser's layer rule, `npm run lint`.)
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";

const repo = path.resolve(import.meta.dirname, "..");

/** The domains checked here (the money area of issue 13's point 1). */
const DOMAINS = ["lib/wallet", "lib/checkout", "lib/payments", "lib/billing"];

const RULES: Array<{ name: string; pattern: RegExp; why: string }> = [
  {
    name: "minorToUsd",
    pattern: /\bminorToUsd\s*\(/,
    why: "USD numbers are the wire's: return cents and present them in lib/http/present/ (a sentence quoting an amount uses usdFigure)",
  },
  {
    name: "toFixed",
    pattern: /\.toFixed\s*\(/,
    why: "money converts and formats only through lib/money.ts",
  },
  {
    name: "untyped body",
    pattern: /\bbody\s*:\s*Record\s*<\s*string\s*,\s*unknown\s*>/,
    why: "return a typed, discriminated result, not a response body",
  },
];

export interface Finding {
  file: string;
  line: number;
  rule: string;
  why: string;
}

/** The rules' findings in one source text (comments are code too here: keep them honest). */
export function findingsIn(file: string, text: string): Finding[] {
  const found: Finding[] = [];
  text.split("\n").forEach((line, i) => {
    for (const rule of RULES) {
      if (rule.pattern.test(line)) found.push({ file, line: i + 1, rule: rule.name, why: rule.why });
    }
  });
  return found;
}

function sources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(path.join(repo, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) sources(rel, out);
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(rel);
  }
  return out;
}

describe("money domains return typed results, not wire bodies", () => {
  test("each rule bites", () => {
    const bad = [
      "return { balance: minorToUsd(wallet.balanceMinor) };",
      "const text = `$${(minor / 100).toFixed(2)}`;",
      'export type FundResult = { kind: "succeeded"; body: Record<string, unknown> };',
    ];
    assert.deepEqual(
      bad.map((line) => findingsIn("lib/wallet/x.ts", line).map((f) => f.rule)),
      [["minorToUsd"], ["toFixed"], ["untyped body"]],
    );
    const fine = [
      "return { kind: 'succeeded', balanceMinor: wallet.balanceMinor };",
      "const reason = `at least $${usdFigure(minor)}`;",
      "const body = await request.json();",
    ];
    assert.deepEqual(
      fine.flatMap((line) => findingsIn("lib/wallet/x.ts", line)),
      [],
    );
  });

  test(`${DOMAINS.join(", ")} hold no wire presentation`, () => {
    const files = DOMAINS.flatMap((dir) => sources(dir));
    assert.ok(files.length > 30, `expected the domains' sources, found ${files.length}`);
    const findings = files.flatMap((file) => findingsIn(file, readFileSync(path.join(repo, file), "utf8")));
    assert.deepEqual(
      findings.map((f) => `${f.file}:${f.line} ${f.rule}: ${f.why}`),
      [],
    );
  });

  test("no presenter module is left in a domain folder", () => {
    const presenters = DOMAINS.flatMap((dir) => sources(dir)).filter((f) => /(^|\/)present\.tsx?$/.test(f));
    assert.deepEqual(presenters, [], "presenters live in lib/http/present/<area>.ts");
  });
});
