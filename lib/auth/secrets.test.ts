import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  digestsEqual,
  isWellFormedSecret,
  maskSecret,
  mintSecret,
  sha256Hex,
} from "@/lib/secrets/bearer-secrets";
import { formatAccessToken, mintAccessTokenSecret, parseAccessToken } from "./access-token-format";

test("secrets: prefix, 256 random bits, checksum; all distinct", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    const s = mintSecret("onr_x_");
    assert.match(s, /^onr_x_[A-Za-z0-9_-]{49}$/);
    assert.ok(isWellFormedSecret(s, "onr_x_"));
    seen.add(s);
  }
  assert.equal(seen.size, 1000);
});

test("a changed character, a wrong prefix or a wrong length fails the shape check", () => {
  const s = mintSecret("onr_x_");
  for (let i = 6; i < s.length; i++) {
    const c = s[i] === "A" ? "B" : "A";
    assert.equal(isWellFormedSecret(s.slice(0, i) + c + s.slice(i + 1), "onr_x_"), false, `position ${i}`);
  }
  assert.equal(isWellFormedSecret(s, "onr_y_"), false);
  assert.equal(isWellFormedSecret(`${s}A`, "onr_x_"), false);
  assert.equal(isWellFormedSecret(s.replace(/.$/, "!"), "onr_x_"), false);
});

test("access tokens: `{id}|{secret}`; anything else parses to null", () => {
  const secret = mintAccessTokenSecret();
  assert.deepEqual(parseAccessToken(formatAccessToken(42, secret)), { id: 42, secret });
  for (const bad of [
    secret,
    `0|${secret}`,
    `-1|${secret}`,
    `01|${secret}`,
    `1.5|${secret}`,
    `${"9".repeat(16)}|${secret}`,
    `42|${secret}x`,
    `42|${mintSecret("onr_ak_")}`,
    "42|",
    "",
  ]) {
    assert.equal(parseAccessToken(bad), null, bad);
  }
});

test("digests compare in constant time and only when equal", () => {
  const a = sha256Hex("a");
  assert.equal(digestsEqual(a, sha256Hex("a")), true);
  assert.equal(digestsEqual(a, sha256Hex("b")), false);
  assert.equal(digestsEqual(a, a.slice(0, 10)), false);
  assert.equal(digestsEqual("", ""), false);
});

test("masks show the prefix and the last four only", () => {
  assert.equal(maskSecret("onr_ak_", "abcd"), "onr_ak_…abcd");
});
