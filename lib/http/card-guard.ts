/**
 * Card data never touches Onramp. A request that carries something shaped like a card number
 * (a Luhn-valid 13–19 digit run, spaces or dashes allowed) or a card field is refused before it is
 * parsed further, stored or logged.
 */
import { luhnValid } from "@/lib/luhn";

const CARD_FIELD_NAMES = new Set([
  "number",
  "card_number",
  "cardnumber",
  "cvc",
  "cvv",
  "cvc2",
  "cvv2",
  "exp_month",
  "exp_year",
]);

// Digit runs standing alone: not glued to letters, digits, dashes or dots (ids, UUIDs, decimals).
const PAN_CANDIDATE = /(?<![\w.-])\d(?:[ -]?\d){12,18}(?![\w.-])/g;

/** True when `text` contains a plausible primary account number. */
export function containsPan(text: string): boolean {
  for (const match of text.matchAll(PAN_CANDIDATE)) {
    const digits = match[0].replace(/[ -]/g, "");
    // Card networks issue from 2–6 (Mastercard 2/5, Amex 3, Visa 4, Discover 6); a leading 1 is
    // almost always an epoch-millisecond timestamp, which must pass.
    if (digits.length < 13 || digits.length > 19 || !/^[2-6]/.test(digits)) continue;
    if (luhnValid(digits)) return true;
  }
  return false;
}

function isCardFieldName(key: string): boolean {
  const k = key.toLowerCase();
  return CARD_FIELD_NAMES.has(k) || k === "card" || k.startsWith("card[");
}

/** True when any key at any depth names a card field (`card`, `card[number]`, `cvc`, …). */
export function containsCardField(value: unknown, depth = 0): boolean {
  if (depth > 32 || value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some((v) => containsCardField(v, depth + 1));
  for (const [key, v] of Object.entries(value)) {
    if (isCardFieldName(key) || containsCardField(v, depth + 1)) return true;
  }
  return false;
}

/** Checks the raw body text and its parsed form; returns true when the request must be refused. */
export function carriesCardData(rawText: string, parsed: unknown): boolean {
  return containsPan(rawText) || containsCardField(parsed);
}
