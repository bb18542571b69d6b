import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { test } from "node:test";
import { hashPassword, needsRehash, verifyDummyPassword, verifyPassword } from "./passwords";

test("argon2id with m=19456, t=2, p=1; a fresh salt every time", async () => {
  const [a, b] = await Promise.all([hashPassword("secret123"), hashPassword("secret123")]);
  assert.match(a, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  assert.notEqual(a, b);
  assert.equal(await verifyPassword(a, "secret123"), true);
  assert.equal(await verifyPassword(b, "secret123"), true);
  assert.equal(needsRehash(a), false);
});

test("exact match: no truncation, no case folding; NFKC-equivalent input verifies", async () => {
  const long = "p".repeat(256);
  const hash = await hashPassword(long);
  assert.equal(await verifyPassword(hash, long), true);
  assert.equal(await verifyPassword(hash, `${long}x`), false);
  assert.equal(await verifyPassword(hash, long.slice(0, 255)), false);
  const upper = await hashPassword("Secret123");
  assert.equal(await verifyPassword(upper, "secret123"), false);
  // "ﬁ" (U+FB01) is NFKC-equal to "fi".
  const ligature = await hashPassword("ﬁnal-answer");
  assert.equal(await verifyPassword(ligature, "final-answer"), true);
});

test("a corrupt hash reads as a wrong password; weaker parameters ask for a rehash", async () => {
  assert.equal(await verifyPassword("not-a-hash", "x"), false);
  assert.equal(needsRehash("$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaA"), true);
  assert.equal(needsRehash("$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA"), true);
  assert.equal(await verifyDummyPassword("anything"), false);
});
