/**
 * Bearer secrets (access tokens, API keys): a recognisable prefix so secret scanners can spot a
 * leak, 256 random bits, and a 6-character checksum so a mistyped or made-up value is refused
 * without touching the database. Only SHA-256 digests are ever stored.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const BODY_LENGTH = 43; // base64url of 32 bytes
const CHECKSUM_LENGTH = 6;

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

function checksum(prefixAndBody: string): string {
  return createHash("sha256").update(prefixAndBody).digest("base64url").slice(0, CHECKSUM_LENGTH);
}

export function mintSecret(prefix: string): string {
  const head = prefix + randomBytes(32).toString("base64url");
  return head + checksum(head);
}

/** Shape and checksum only: cheap, and no database lookup for garbage. */
export function isWellFormedSecret(value: string, prefix: string): boolean {
  if (value.length !== prefix.length + BODY_LENGTH + CHECKSUM_LENGTH || !value.startsWith(prefix)) {
    return false;
  }
  if (!/^[A-Za-z0-9_-]+$/.test(value.slice(prefix.length))) return false;
  const head = value.slice(0, -CHECKSUM_LENGTH);
  return checksum(head) === value.slice(-CHECKSUM_LENGTH);
}

/** Compares two hex SHA-256 digests in constant time. */
export function digestsEqual(aHex: string, bHex: string): boolean {
  const a = Buffer.from(aHex, "hex");
  const b = Buffer.from(bHex, "hex");
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/** `onr_ak_…abcd`: enough to recognise a secret in a list or a log, never enough to use it. */
export function maskSecret(prefix: string, last4: string): string {
  return `${prefix}…${last4}`;
}
