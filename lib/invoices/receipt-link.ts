/**
 * Download links for receipts. `/billing/invoices/{id}/pdf` answers URLs, not bytes, and a URL is
 * often handed to a browser that has no bearer token, so the link carries a short-lived HMAC over
 * (receipt, account, expiry) made with AUTH_SECRET: it opens that one receipt, for a limited time,
 * and cannot be altered to name another. The download route also accepts the account's bearer token.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

export const RECEIPT_LINK_TTL_SEC = 60 * 60;

function sign(receiptId: string, accountId: string, expires: number): string {
  return createHmac("sha256", env().authSecret)
    .update(`receipt:${receiptId}:${accountId}:${expires}`)
    .digest("base64url");
}

export function receiptDownloadUrl(
  receiptId: string,
  accountId: string,
  nowMs = Date.now(),
): { url: string; expiresAt: Date } {
  const expires = Math.floor(nowMs / 1000) + RECEIPT_LINK_TTL_SEC;
  const query = new URLSearchParams({
    expires: String(expires),
    signature: sign(receiptId, accountId, expires),
  });
  return { url: `${env().appUrl}/receipts/${receiptId}?${query}`, expiresAt: new Date(expires * 1000) };
}

export type LinkCheck = "valid" | "expired" | "invalid";

export function checkReceiptSignature(
  input: { receiptId: string; accountId: string; expires: string | null; signature: string | null },
  nowMs = Date.now(),
): LinkCheck {
  if (!input.expires || !input.signature || !/^\d{1,12}$/.test(input.expires)) return "invalid";
  const expected = Buffer.from(sign(input.receiptId, input.accountId, Number(input.expires)));
  const given = Buffer.from(input.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "invalid";
  return Number(input.expires) * 1000 < nowMs ? "expired" : "valid";
}
