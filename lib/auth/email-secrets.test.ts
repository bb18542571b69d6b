import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { test } from "node:test";
import { usernameBase } from "@/lib/accounts/usernames";
import { mintResetToken, mintVerificationCode, normalizeVerificationCode } from "./email-secrets";

test("verification codes: vc_ + 26 base32 characters, all distinct, every symbol used", () => {
  const codes = Array.from({ length: 5000 }, mintVerificationCode);
  assert.equal(new Set(codes).size, codes.length);
  const counts = new Map<string, number>();
  for (const code of codes) {
    assert.match(code, /^vc_[a-z2-7]{26}$/);
    for (const ch of code.slice(3)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  assert.equal(counts.size, 32);
  // 130,000 symbols over 32 values: each should be near 4,062; a broken encoder skews far more.
  for (const [ch, n] of counts) assert.ok(n > 3500 && n < 4650, `${ch}: ${n}`);
});

test("codes are case-insensitive and anything else is rejected before any lookup", () => {
  const code = mintVerificationCode();
  assert.equal(normalizeVerificationCode(` ${code.toUpperCase()} `), code);
  for (const bad of [
    "",
    "vc_",
    `${code}a`,
    code.slice(0, -1),
    code.replace("vc_", "xx_"),
    "vc_00000000000000000000000000",
  ]) {
    assert.equal(normalizeVerificationCode(bad), null, bad);
  }
});

test("reset tokens: 32 random bytes, base64url", () => {
  const tokens = new Set(Array.from({ length: 1000 }, mintResetToken));
  assert.equal(tokens.size, 1000);
  for (const t of tokens) assert.match(t, /^[A-Za-z0-9_-]{43}$/);
});

test("username bases", () => {
  assert.equal(usernameBase("Agent Runner", "x@y.io"), "agent_runner");
  assert.equal(usernameBase(undefined, "Jane.Doe+tag@y.io"), "jane_doe_tag");
  assert.equal(usernameBase("Émile Zola", "x@y.io"), "emile_zola");
  assert.equal(usernameBase("", "ab@y.io"), "ab_user");
  assert.equal(usernameBase("日本", "日本@y.io"), "agent_user");
  assert.equal(usernameBase("x".repeat(50), "a@b.io").length, 20);
});
