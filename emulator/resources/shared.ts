/** Small shared builders and lookups used by several resources. */
import type Stripe from "stripe";
import type { Engine } from "../engine";
import { invalidRequest, noSuch } from "../http/errors";
import type { Params } from "../http/params";

export function readAddress(p: Params | undefined): Stripe.Address | null {
  if (!p) return null;
  p.allowOnly(["city", "country", "line1", "line2", "postal_code", "state"]);
  return {
    city: p.text("city") ?? null,
    country: p.text("country") ?? null,
    line1: p.text("line1") ?? null,
    line2: p.text("line2") ?? null,
    postal_code: p.text("postal_code") ?? null,
    state: p.text("state") ?? null,
  };
}

export function emptyAddress(): Stripe.Address {
  return { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };
}

export function readShipping(
  p: Params | undefined,
): { address: Stripe.Address; name: string; phone: string | null } | null {
  if (!p) return null;
  p.allowOnly(["address", "name", "phone", "carrier", "tracking_number"]);
  return {
    address: readAddress(p.obj("address")) ?? emptyAddress(),
    name: p.required("name"),
    phone: p.text("phone") ?? null,
  };
}

/** A live (not deleted) customer named by a parameter, or 400 resource_missing on that param. */
export function customerParam(engine: Engine, id: string, param = "customer"): Stripe.Customer {
  const c = engine.store.get("customer", id);
  if (!c || engine.store.state.deleted[id]) throw noSuch("customer", id, param);
  return c;
}

export function currencyParam(p: Params, key = "currency", required = true): string | undefined {
  const v = p.text(key, { required });
  if (v === undefined) return undefined;
  if (!/^[a-zA-Z]{3}$/.test(v))
    throw invalidRequest(`Invalid currency: ${v.toLowerCase()}`, { param: p.name(key) });
  return v.toLowerCase();
}

/** Smallest-unit minimums Stripe enforces per currency (USD $0.50 …); default 50. */
const MINIMUMS: Record<string, number> = {
  usd: 50,
  eur: 50,
  gbp: 30,
  cad: 50,
  aud: 50,
  jpy: 50,
  chf: 50,
  inr: 50,
};
const ZERO_DECIMAL = new Set([
  "jpy",
  "krw",
  "vnd",
  "clp",
  "pyg",
  "ugx",
  "xaf",
  "xof",
  "bif",
  "djf",
  "gnf",
  "kmf",
  "mga",
  "rwf",
  "vuv",
  "xpf",
]);

export function formatAmount(amount: number, currency: string): string {
  const c = currency.toLowerCase();
  const major = ZERO_DECIMAL.has(c) ? amount : amount / 100;
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: c.toUpperCase() }).format(major);
  } catch {
    return `${major.toFixed(ZERO_DECIMAL.has(c) ? 0 : 2)} ${c.toUpperCase()}`;
  }
}

export function checkChargeAmount(amount: number, currency: string, param = "amount"): void {
  const min = MINIMUMS[currency] ?? 50;
  if (amount < min && amount !== 0) {
    throw invalidRequest(
      `Amount must be at least ${formatAmount(min, currency).replace(/^-/, "")} ${currency}`,
      { param, code: "amount_too_small" },
    );
  }
  if (amount > 99_999_999) {
    throw invalidRequest("Amount must be no more than $999,999.99", { param, code: "amount_too_large" });
  }
}

export function metadataOf(p: Params, key = "metadata"): Record<string, string> {
  const raw = p.raw[key];
  if (raw === undefined || raw === "") return {};
  if (typeof raw !== "object" || Array.isArray(raw))
    throw invalidRequest("Invalid metadata", { param: p.name(key) });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== "string")
      throw invalidRequest("Invalid metadata value", { param: `${p.name(key)}[${k}]` });
    if (k.length > 40)
      throw invalidRequest("Metadata keys can have up to 40 characters.", { param: `${p.name(key)}[${k}]` });
    if (v.length > 500)
      throw invalidRequest("Metadata values can have up to 500 characters.", {
        param: `${p.name(key)}[${k}]`,
      });
    if (v !== "") out[k] = v;
  }
  if (Object.keys(out).length > 50)
    throw invalidRequest("You can specify up to 50 keys in metadata.", { param: p.name(key) });
  return out;
}
