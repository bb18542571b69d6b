/**
 * Arbitraries for requests to one route: junk bodies (any JSON, objects with the route's real field
 * names and wrong types, huge or deeply nested text, control characters), junk query strings (bad
 * %-escapes included) and junk headers. A share of the values is plausible (the account's own card,
 * a real plan) so the fuzz also reaches past validation into the handlers.
 */
import fc from "fast-check";
import type { AccountObjects } from "./account-objects";

export interface FuzzRequest {
  /** `?…` or "". */
  search: string;
  body: { text: string; contentType: string | null } | null;
  /** `valid`: the account's token; `none`: no header; otherwise the raw header value. */
  authorization: { kind: "valid" } | { kind: "none" } | { kind: "junk"; value: string };
  idempotencyKey: string | null;
  accept: string | null;
}

/** Text that survives `new Headers()` (no NUL, CR or LF; Latin-1 only). */
const headerText = (max: number) =>
  fc.string({ unit: "binary", maxLength: max }).map((s) => s.replace(/[^\t\x20-\x7e\x80-\xff]/g, ""));

const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "line\nbreak",
    "\t",
    "\u001b[31m",
    "\u007f",
    "\ud800",
    "%00",
    "' OR 1=1 --",
    "'; drop table account; --",
    "$1",
    "4242 4242 4242 4242",
    "1e309",
    "NaN",
    "-0",
    "true",
    "null",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "😀".repeat(50),
    "\u202e\u0000",
  ),
  fc.string({ minLength: 1000, maxLength: 20_000 }),
);

/** Text with a C0 control character (NUL included) somewhere in it. */
const withControlChar: fc.Arbitrary<string> = fc
  .tuple(
    fc.string({ maxLength: 10 }),
    fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 31 })),
    fc.string({ maxLength: 10 }),
  )
  .map(([before, code, after]) => `${before}${String.fromCharCode(code)}${after}`);

const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, -1, 0.1, 10.005, 1e21, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, 2 ** 63),
);

const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 3, arbitrary: withControlChar },
  { weight: 2, arbitrary: nastyNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(nastyString, { maxLength: 5 }) },
);

/** Values a caller would plausibly send for a field of that name. */
function plausible(objects: AccountObjects): Record<string, fc.Arbitrary<unknown>> {
  const email = fc.oneof(
    fc.constant(objects.agent.email),
    fc.stringMatching(/^[a-z]{1,10}$/).map((s) => `fuzz-${s}@example.com`),
  );
  const money = fc.oneof(fc.constantFrom(10, 25, 20, 1, 0, -5, 10.005, "25", "10.50"), fc.integer());
  const pm = fc.constantFrom(objects.paymentMethodId, "pm_doesnotexist123", "pm_");
  const plan = fc.constantFrom(10, 11, 12, 20, 999, "10", 0, -1);
  const flag = fc.oneof(fc.boolean(), fc.constantFrom("true", "1", "yes"));
  const date = fc.oneof(fc.constantFrom("2026-01-01", "2026-13-45", "yesterday"), fc.date().map(String));
  return {
    amount: money,
    auto_charge_amount: money,
    charge_threshold: money,
    threshold: money,
    purchase_amount: money,
    wallet_notification_threshold: money,
    payment_method_id: pm,
    plan_id: plan,
    new_plan_id: plan,
    email,
    password: fc.constantFrom("secret123", "correct horse battery staple", "x"),
    current_password: fc.constantFrom("secret123", "wrong-password"),
    session_id: fc.constantFrom(objects.checkoutSessionId, "cs_test_unknown", "cs_"),
    purpose: fc.constantFrom("fund", "subscribe", "other"),
    scopes: fc.oneof(fc.constantFrom(["*"], ["teams:read"], "models:read", []), fc.array(nastyString)),
    token_expiry: fc.constantFrom("1_day", "1_week", "never", "forever"),
    expiry: fc.constantFrom("1_day", "1_month", "never"),
    verification_code: fc.stringMatching(/^[a-z2-7]{26}$/).map((s) => `vc_${s}`),
    token: fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    country: fc.constantFrom("US", "DE", "ZZ", "usa"),
    address_country: fc.constantFrom("US", "FR"),
    immediately: flag,
    at_period_end: flag,
    make_default: flag,
    set_default: flag,
    revoke_other_tokens: flag,
    success_url: fc.constantFrom("http://127.0.0.1:3999/ok", "javascript:alert(1)", "ftp://x"),
    cancel_url: fc.constantFrom("http://127.0.0.1:3999/no", "//evil.example"),
    wait: fc.constantFrom(0, 1, "0", -1, 61, "abc"),
    limit: fc.oneof(fc.integer({ min: -5, max: 500 }), fc.constantFrom("1e99", "ten")),
    offset: fc.oneof(fc.integer({ min: -5, max: 10 ** 9 }), fc.constant("-1")),
    page: fc.integer({ min: -1, max: 10 ** 6 }),
    per_page: fc.integer({ min: -1, max: 1000 }),
    days: fc.integer({ min: -1, max: 100_000 }),
    from: date,
    to: date,
    cursor: fc.oneof(nastyString, fc.base64String({ maxLength: 60 })),
    stripe_subscription_id: fc.constantFrom("sub_x", "sub_"),
    plan_category: fc.constantFrom("enterprise", "image", "x"),
  };
}

function fieldValue(name: string, table: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const known = table[name];
  return known ? fc.oneof({ weight: 2, arbitrary: known }, { weight: 1, arbitrary: junkValue }) : junkValue;
}

/** A JSON object with some of the route's real field names (and sometimes an extra junk key). */
function objectWithFields(names: string[], table: Record<string, fc.Arbitrary<unknown>>) {
  const entries = fc
    .subarray(names)
    .chain((chosen) => fc.tuple(...chosen.map((n) => fieldValue(n, table).map((v) => [n, v] as const))));
  return fc.tuple(entries, fc.option(fc.tuple(nastyString, junkValue), { freq: 4 })).map(([pairs, extra]) => {
    const out: Record<string, unknown> = Object.fromEntries(pairs);
    if (extra) out[extra[0]] = extra[1];
    return out;
  });
}

const deepNesting = fc
  .tuple(fc.integer({ min: 100, max: 20_000 }), fc.constantFrom("[", '{"a":'))
  .map(([depth, open]) => `${open.repeat(depth)}1${(open === "[" ? "]" : "}").repeat(depth)}`);

function bodies(fields: string[], table: Record<string, fc.Arbitrary<unknown>>) {
  const json = (contentType: string | null) => (text: string) => ({ text, contentType });
  return fc.oneof(
    {
      weight: 6,
      arbitrary: objectWithFields(fields, table).map((o) => json("application/json")(JSON.stringify(o))),
    },
    { weight: 2, arbitrary: fc.jsonValue().map((v) => json("application/json")(JSON.stringify(v))) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }).map(json("application/json")) },
    { weight: 1, arbitrary: deepNesting.map(json("application/json")) },
    {
      weight: 1,
      arbitrary: objectWithFields(fields, table).map((o) =>
        json("application/x-www-form-urlencoded")(
          new URLSearchParams(
            Object.entries(o).map(([k, v]) => [k, typeof v === "string" ? v : (JSON.stringify(v) ?? "")]),
          ).toString(),
        ),
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          objectWithFields(fields, table),
          fc.constantFrom(
            null,
            "text/plain",
            "multipart/form-data; boundary=x",
            "application/json; charset=latin1",
            "ünïcode/x",
          ),
        )
        .map(([o, type]) => json(type)(JSON.stringify(o))),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom("", "   ", "null", "[]", "{}", '"str"', "{", '{"a":1,}', "\u0000")
        .map(json("application/json")),
    },
  );
}

/** Huge bodies (over the 1 MB limit) are rare and built once: they only need to be refused. */
const HUGE = `{"name":"${"x".repeat(1_100_000)}"}`;

function queryString(fields: string[], table: Record<string, fc.Arbitrary<unknown>>) {
  const key = fields.length > 0 ? fc.oneof(fc.constantFrom(...fields), nastyString) : nastyString;
  const value = fc
    .oneof(fields.length > 0 ? key.chain((k) => fieldValue(String(k), table)) : junkValue, junkValue)
    .map((v) => (typeof v === "string" ? v : (JSON.stringify(v) ?? "")));
  // encodeURIComponent throws on lone surrogates: those go out as written.
  const uri = (s: string) => {
    try {
      return encodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const encode = fc.constantFrom<(s: string) => string>(
    uri,
    (s) => s,
    (s) => `${uri(s)}%`,
    (s) => `%E0%A4%A${s.slice(0, 3)}`,
    (s) => s.replace(/./g, "%$&"),
  );
  const pair = fc
    .tuple(key, value, encode, fc.boolean())
    .map(([k, v, enc, array]) => `${enc(String(k))}${array ? "[]" : ""}=${enc(v)}`);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant("") },
    { weight: 6, arbitrary: fc.array(pair, { minLength: 1, maxLength: 6 }).map((ps) => `?${ps.join("&")}`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom("?", "?%", "?&&&", "?=", "?a=%zz", "?%00=%00", `?${"a=1&".repeat(2000)}`),
    },
  );
}

const junkAuthorization = (objects: AccountObjects) =>
  fc.oneof(
    headerText(80).map((s) => `Bearer ${s}`),
    headerText(120),
    fc.constantFrom(
      "Bearer",
      "Bearer ",
      "bearer null",
      "Basic dXNlcjpwYXNz",
      `Bearer ${objects.agent.token}x`,
      `Bearer ${objects.agent.token.slice(0, -1)}A`,
      `Bearer 999999|${objects.agent.token.split("|")[1]}`,
      `Bearer 0|${objects.agent.token.split("|")[1]}`,
      `Bearer ${objects.agent.apiKey}`,
      `Token ${objects.agent.token}`,
      "Bearer 1|onr_at_",
      `Bearer ${"9".repeat(400)}|onr_at_x`,
    ),
  );

export function fuzzRequests(
  input: { bodyFields: string[]; queryFields: string[]; hasBody: boolean; authenticated: boolean },
  objects: AccountObjects,
): fc.Arbitrary<FuzzRequest> {
  const table = plausible(objects);
  const body = input.hasBody
    ? fc.oneof(
        { weight: 60, arbitrary: bodies(input.bodyFields, table) },
        { weight: 6, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.constant({ text: HUGE, contentType: "application/json" }) },
      )
    : fc.constant(null);
  const authorization = input.authenticated
    ? fc.oneof(
        { weight: 8, arbitrary: fc.constant({ kind: "valid" as const }) },
        { weight: 1, arbitrary: fc.constant({ kind: "none" as const }) },
        {
          weight: 2,
          arbitrary: junkAuthorization(objects).map((value) => ({ kind: "junk" as const, value })),
        },
      )
    : fc.oneof(
        { weight: 3, arbitrary: fc.constant({ kind: "none" as const }) },
        {
          weight: 1,
          arbitrary: junkAuthorization(objects).map((value) => ({ kind: "junk" as const, value })),
        },
      );
  return fc.record({
    search: queryString(input.queryFields, table),
    body,
    authorization,
    idempotencyKey: fc.option(fc.oneof(fc.uuid(), headerText(300), fc.constant("")), { freq: 2 }),
    accept: fc.option(
      fc.constantFrom("application/json", "*/*", "text/html", "text/event-stream", "application/pdf"),
      {
        freq: 3,
      },
    ),
  });
}
