/**
 * Secrets sent by email. Verification codes are `vc_` + 26 base32 characters (130 bits from the
 * CSPRNG): far too many to guess, so a plain SHA-256 is a safe way to store them and the per-IP auth
 * limiter is the only brute-force bound they need. Reset tokens are 32 random bytes, base64url.
 */
import { randomBytes } from "node:crypto";

export const VERIFICATION_CODE_TTL_MS = 24 * 3_600_000;
export const RESET_TOKEN_TTL_MS = 30 * 60_000;
/** Wrong reset tokens tried against one user's current token before it is burnt. */
export const RESET_TOKEN_MAX_ATTEMPTS = 5;

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
const CODE_PATTERN = /^vc_[a-z2-7]{26}$/;

function base32(bytes: Buffer): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function mintVerificationCode(): string {
  return `vc_${base32(randomBytes(17)).slice(0, 26)}`;
}

/** Codes are case-insensitive (someone may retype one); null when it cannot be a code at all. */
export function normalizeVerificationCode(input: string): string | null {
  const code = input.trim().toLowerCase();
  return CODE_PATTERN.test(code) ? code : null;
}

export function mintResetToken(): string {
  return randomBytes(32).toString("base64url");
}
