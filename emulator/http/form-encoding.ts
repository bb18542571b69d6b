/**
 * Stripe's `application/x-www-form-urlencoded` dialect: nested keys in brackets (`card[number]`),
 * arrays either indexed (`items[0][price]`, what stripe-node sends) or appended (`expand[]`, what
 * curl and Stripe's docs use), brackets possibly percent-encoded by other clients.
 *
 * Indexed keys stay objects here ("0", "1", …) and become arrays only when a reader asks for an
 * array, because `metadata[0]=x` is a legal metadata key and must not turn into a list.
 */

export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

export function isFormObject(value: FormValue | undefined): value is FormObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `a[b][0][]` → ["a", "b", "0", ""]. A malformed key is taken literally as one segment. */
export function splitKey(key: string): string[] {
  const open = key.indexOf("[");
  if (open <= 0) return [key];
  const segments = [key.slice(0, open)];
  let rest = key.slice(open);
  while (rest.length > 0) {
    if (rest[0] !== "[") return [key];
    const close = rest.indexOf("]");
    if (close < 0) return [key];
    segments.push(rest.slice(1, close));
    rest = rest.slice(close + 1);
  }
  return segments;
}

function decode(part: string): string {
  const spaced = part.replace(/\+/g, " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

function ensureChild(node: FormObject, key: string, wantArray: boolean): FormObject | FormValue[] {
  const current = node[key];
  if (wantArray) {
    if (Array.isArray(current)) return current;
    const list: FormValue[] = isFormObject(current)
      ? Object.values(current)
      : current === undefined
        ? []
        : [current];
    node[key] = list;
    return list;
  }
  if (isFormObject(current)) return current;
  const obj: FormObject = {};
  if (Array.isArray(current)) {
    current.forEach((v, i) => {
      obj[String(i)] = v;
    });
  }
  node[key] = obj;
  return obj;
}

function assign(root: FormObject, segments: string[], value: string): void {
  let node: FormObject | FormValue[] = root;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] ?? "";
    const next = segments[i + 1];
    const isLast = next === undefined;
    if (Array.isArray(node)) {
      // Only reachable through `[]`. `a[][x]=1&a[][y]=2` fills the last element until one of its
      // keys repeats (the Rack/PHP convention), keeping `line_items[][price]&…[][quantity]` together.
      if (isLast) {
        node.push(value);
        return;
      }
      const last: FormValue | undefined = node[node.length - 1];
      if (isFormObject(last) && next !== "" && !(next in last && i + 2 === segments.length)) {
        node = last;
      } else {
        const fresh: FormObject = {};
        node.push(fresh);
        node = fresh;
      }
      continue;
    }
    if (isLast) {
      node[seg] = value;
      return;
    }
    node = ensureChild(node, seg, next === "");
  }
}

/** Parses a query string or form body (with or without a leading `?`). */
export function parseForm(input: string): FormObject {
  const out: FormObject = {};
  const text = input.startsWith("?") ? input.slice(1) : input;
  if (!text) return out;
  for (const pair of text.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    if (!key) continue;
    assign(out, splitKey(key), decode(eq < 0 ? "" : pair.slice(eq + 1)));
  }
  return out;
}

/** Serializes like stripe-node (indexed arrays, unencoded brackets); used by tests and the shim. */
export function encodeForm(data: Record<string, unknown>): string {
  const pairs: string[] = [];
  const enc = (v: string) => encodeURIComponent(v).replace(/%5B/g, "[").replace(/%5D/g, "]");
  const walk = (key: string, value: unknown) => {
    if (value === undefined) return;
    if (value === null || typeof value !== "object") {
      pairs.push(`${enc(key)}=${enc(value === null ? "" : String(value))}`);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        walk(`${key}[${i}]`, v);
      });
      return;
    }
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(`${key}[${k}]`, v);
  };
  for (const [k, v] of Object.entries(data)) walk(k, v);
  return pairs.join("&");
}

/** Stable JSON of a parsed form, so two requests with the same params compare equal. */
export function canonicalForm(value: FormValue | undefined): string {
  if (value === undefined) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalForm).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalForm(value[k])}`).join(",")}}`;
}
