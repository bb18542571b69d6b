import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkReceiptSignature, RECEIPT_LINK_TTL_SEC, receiptDownloadUrl } from "./receipt-link";
import { entryIdOf, receiptIdOf } from "./receipts";

const receiptId = receiptIdOf("0b6e2f5c-1d2e-4f3a-9b8c-7d6e5f4a3b2c");

function parts(url: string) {
  const u = new URL(url);
  return { expires: u.searchParams.get("expires"), signature: u.searchParams.get("signature") };
}

test("receipt ids round-trip to ledger entry ids; anything else names nothing", () => {
  assert.equal(receiptId, "rcpt_0b6e2f5c1d2e4f3a9b8c7d6e5f4a3b2c");
  assert.equal(entryIdOf(receiptId), "0b6e2f5c-1d2e-4f3a-9b8c-7d6e5f4a3b2c");
  for (const bad of ["rcpt_", "rcpt_XYZ", `${receiptId}0`, "in_123", "rcpt_../../etc"])
    assert.equal(entryIdOf(bad), null);
});

test("a signed link opens its receipt for its account until it expires, and cannot be altered", () => {
  const now = Date.UTC(2026, 0, 1);
  const { url, expiresAt } = receiptDownloadUrl(receiptId, "acct-a", now);
  assert.equal(expiresAt.getTime(), now + RECEIPT_LINK_TTL_SEC * 1000);
  assert.ok(url.startsWith("http://127.0.0.1:3999/receipts/rcpt_"));
  const p = parts(url);
  const check = (
    over: Partial<{ receiptId: string; accountId: string; expires: string | null; signature: string | null }>,
    at = now,
  ) => checkReceiptSignature({ receiptId, accountId: "acct-a", ...p, ...over }, at);
  assert.equal(check({}), "valid");
  assert.equal(check({}, now + RECEIPT_LINK_TTL_SEC * 1000 + 1000), "expired");
  assert.equal(check({ accountId: "acct-b" }), "invalid");
  assert.equal(check({ receiptId: receiptIdOf("1b6e2f5c-1d2e-4f3a-9b8c-7d6e5f4a3b2c") }), "invalid");
  assert.equal(check({ expires: String(Number(p.expires) + 3600) }), "invalid");
  assert.equal(check({ signature: `${p.signature}x` }), "invalid");
  assert.equal(check({ signature: null }), "invalid");
  assert.equal(check({ expires: "soon" }), "invalid");
});
