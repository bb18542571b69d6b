import { createHash, randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Uniform base62 (rejection sampling, so no character is more likely than another). */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** Stripe ids: prefix + base62. Checkout Session ids are notably longer (`cs_test_` + ~58). */
export function newId(prefix: string, length = 24): string {
  return `${prefix}${randomBase62(length)}`;
}

export function clientSecretFor(id: string): string {
  return `${id}_secret_${randomBase62(25)}`;
}

/** Stable per-number fingerprint, like Stripe's (same card → same fingerprint), never the number. */
export function cardFingerprint(number: string): string {
  const digest = createHash("sha256").update(`onramp-emulator:${number}`).digest();
  let out = "";
  for (const byte of digest) {
    out += ALPHABET[byte % 62];
    if (out.length === 16) break;
  }
  return out;
}

/** Which collection an id belongs to, by prefix (used by `expand[]`). */
export const ID_PREFIXES: Array<[string, string]> = [
  ["cs_test_", "checkout.session"],
  ["cus_", "customer"],
  ["pm_", "payment_method"],
  ["pi_", "payment_intent"],
  ["seti_", "setup_intent"],
  ["ch_", "charge"],
  ["re_", "refund"],
  ["dp_", "dispute"],
  ["prod_", "product"],
  ["price_", "price"],
  ["sub_", "subscription"],
  ["in_", "invoice"],
  ["ii_", "invoiceitem"],
  ["inpay_", "invoice_payment"],
  ["evt_", "event"],
  ["tok_", "token"],
  ["we_", "webhook_endpoint"],
];

export function kindOfId(id: string): string | undefined {
  for (const [prefix, kind] of ID_PREFIXES) if (id.startsWith(prefix)) return kind;
  return undefined;
}
