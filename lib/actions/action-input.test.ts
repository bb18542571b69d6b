import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { unsafeInputFailure } from "./result";

test("a dashboard action's input with a control character is a field failure; line breaks stay allowed in free text", () => {
  const failure = unsafeInputFailure({ name: "key\u0000name", notes: "fine\nnotes" });
  assert.ok(failure);
  assert.equal(failure.code, "validation_error");
  assert.deepEqual(Object.keys(failure.fieldErrors), ["name"]);
  assert.match(failure.message, /^Name must not contain control characters/);
  assert.equal(unsafeInputFailure({ name: "ok", notes: "two\nlines", about: "a\r\nb" }), null);
  assert.equal(unsafeInputFailure(undefined), null);
});

test("every dashboard action hands its input to runAsHuman, so the check cannot be skipped", () => {
  const dir = path.join(process.cwd(), "lib/actions");
  const unguarded: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith("-actions.ts"))) {
    const text = readFileSync(path.join(dir, file), "utf8");
    for (const call of text.matchAll(/runAsHuman\(\(ctx\) => (\w+)\(ctx, input\)(, \{[^}]*\})?\)/g)) {
      if (!/\binput\b/.test(call[2] ?? "")) unguarded.push(`${file}: ${call[1]}`);
    }
  }
  assert.deepEqual(unguarded, []);
});

test("the sign-in, sign-up and password forms check their fields the same way", () => {
  const text = readFileSync(path.join(process.cwd(), "lib/actions/auth-actions.ts"), "utf8");
  assert.match(text, /const refused = unsafeInputFailure\(values\);\s+if \(refused\) return/);
});
