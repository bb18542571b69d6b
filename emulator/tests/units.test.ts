import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { boundary, nextBoundaryAfter, unusedFraction } from "../billing/periods";
import { brandOf, cardForAlias, cardForNumber, luhnValid, needsAuthentication, TEST_CARDS } from "../cards";
import { canonicalForm, encodeForm, parseForm } from "../http/form-encoding";
import { DEFAULT_API_VERSION, parseApiVersion, STRIPE_JS_RELEASE_TRAIN } from "../versions";
import { backoffMs, eventMatches, signPayload } from "../webhooks";
import { constructWebhookEvent, createStripeClient, signWebhookPayload } from "./sdk";

describe("form encoding", () => {
  it("parses nested objects, indexed and appended arrays, encoded brackets", () => {
    const parsed = parseForm(
      "card%5Bnumber%5D=4242&expand[]=a&expand[]=b.c&items[0][price]=p1&items[1][price]=p2&items[1][quantity]=2&metadata[k]=v&description=",
    );
    assert.deepEqual(parsed, {
      card: { number: "4242" },
      expand: ["a", "b.c"],
      items: { "0": { price: "p1" }, "1": { price: "p2", quantity: "2" } },
      metadata: { k: "v" },
      description: "",
    });
  });

  it("keeps numeric metadata keys as an object and groups []-arrays of objects", () => {
    assert.deepEqual(parseForm("metadata[0]=zero"), { metadata: { "0": "zero" } });
    assert.deepEqual(parseForm("li[][price]=a&li[][quantity]=1&li[][price]=b"), {
      li: [{ price: "a", quantity: "1" }, { price: "b" }],
    });
  });

  it("decodes + and percent escapes, and round-trips what stripe-node sends", () => {
    assert.deepEqual(parseForm("name=Jenny+Rosen%21"), { name: "Jenny Rosen!" });
    const encoded = encodeForm({
      expand: ["x"],
      items: [{ price: "p", quantity: 2 }],
      metadata: { a: null },
    });
    assert.equal(encoded, "expand[0]=x&items[0][price]=p&items[0][quantity]=2&metadata[a]=");
    assert.equal(canonicalForm(parseForm("b=1&a=2")), canonicalForm(parseForm("a=2&b=1")));
    assert.notEqual(canonicalForm(parseForm("a=1")), canonicalForm(parseForm("a=2")));
  });
});

describe("API versions", () => {
  it("accepts the pinned SDK version, dated versions and train versions; rejects unknown ones", () => {
    const sdk = createStripeClient({ secretKey: "sk_test_x" }) as unknown as {
      getApiField(k: string): string;
    };
    assert.equal(
      DEFAULT_API_VERSION,
      sdk.getApiField("version"),
      "emulator default must track the pinned SDK",
    );
    assert.ok(parseApiVersion("2026-10-28.endive"));
    assert.ok(parseApiVersion("2025-03-31.basil"));
    assert.ok(parseApiVersion("2023-10-16"));
    assert.equal(parseApiVersion("2025-03-31"), null, "dated versions after acacia need a train");
    assert.equal(parseApiVersion("2026-10-28.zucchini"), null);
    assert.equal(parseApiVersion("2025-02-30.acacia"), null);
    assert.equal(parseApiVersion("2024-01-01.basil"), null, "date before the train started");
    assert.equal(parseApiVersion("latest"), null);
  });

  it("serves the Stripe.js release train @stripe/stripe-js expects", () => {
    const pure = readFileSync(
      path.join(path.dirname(require.resolve("@stripe/stripe-js/package.json")), "dist/pure.js"),
      "utf8",
    );
    const train = /RELEASE_TRAIN = '([a-z]+)'/.exec(pure)?.[1];
    assert.equal(STRIPE_JS_RELEASE_TRAIN, train);
  });
});

describe("test cards", () => {
  it("validates Luhn and brands", () => {
    assert.equal(luhnValid("4242424242424242"), true);
    assert.equal(luhnValid("4242424242424241"), false);
    for (const c of TEST_CARDS) assert.equal(luhnValid(c.number), true, c.number);
    assert.equal(brandOf("378282246310005"), "amex");
    assert.equal(brandOf("5555555555554444"), "mastercard");
    assert.equal(brandOf("2223003122003222"), "mastercard");
    assert.equal(brandOf("6011111111111117"), "discover");
    assert.equal(brandOf("3566002020360505"), "jcb");
    assert.equal(brandOf("6200000000000005"), "unionpay");
  });

  it("maps magic ids and tokens to the same cards as the numbers", () => {
    assert.equal(cardForAlias("pm_card_visa")?.number, "4242424242424242");
    assert.equal(cardForAlias("tok_visa")?.number, "4242424242424242");
    assert.equal(cardForAlias("pm_card_chargeCustomerFail")?.number, "4000000000000341");
    assert.equal(cardForAlias("pm_card_authenticationRequired")?.number, "4000002760003184");
    assert.equal(cardForNumber("4111111111111111").behavior.kind, "ok", "unknown Luhn-valid numbers succeed");
  });

  it("decides 3-D Secure per card and context", () => {
    const on = { offSession: false, setUpForOffSession: false, step: "payment" as const };
    const b3155 = cardForNumber("4000002500003155").behavior;
    const b3184 = cardForNumber("4000002760003184").behavior;
    assert.equal(needsAuthentication(b3155, on), "challenge");
    assert.equal(needsAuthentication(b3155, { ...on, offSession: true }), "fail_off_session");
    assert.equal(needsAuthentication(b3155, { ...on, offSession: true, setUpForOffSession: true }), "none");
    assert.equal(
      needsAuthentication(b3184, { ...on, offSession: true, setUpForOffSession: true }),
      "fail_off_session",
    );
    assert.equal(needsAuthentication(cardForNumber("4242424242424242").behavior, on), "none");
  });
});

describe("billing periods", () => {
  it("clamps month ends like Stripe (Jan 31 → Feb 28 → Mar 31)", () => {
    const jan31 = Date.UTC(2027, 0, 31, 12) / 1000;
    assert.equal(new Date(boundary(jan31, "month", 1, 1) * 1000).toISOString().slice(0, 10), "2027-02-28");
    assert.equal(new Date(boundary(jan31, "month", 1, 2) * 1000).toISOString().slice(0, 10), "2027-03-31");
    assert.equal(boundary(jan31, "week", 2, 1) - jan31, 14 * 86400);
    assert.equal(new Date(boundary(jan31, "year", 1, 1) * 1000).toISOString().slice(0, 10), "2028-01-31");
    const next = nextBoundaryAfter(jan31, "month", 1, jan31 + 40 * 86400);
    assert.equal(new Date(next * 1000).toISOString().slice(0, 10), "2027-03-31");
    assert.equal(unusedFraction(0, 100, 25), 0.75);
  });
});

describe("webhook signing", () => {
  it("produces headers stripe.webhooks.constructEvent accepts", () => {
    const payload = JSON.stringify({ id: "evt_1", object: "event", type: "x" });
    const t = Math.floor(Date.now() / 1000);
    const header = signPayload(payload, "whsec_abc", t);
    assert.equal(header, signWebhookPayload(payload, "whsec_abc", t));
    assert.equal(constructWebhookEvent(payload, header, "whsec_abc").id, "evt_1");
    assert.throws(() => constructWebhookEvent(payload, header, "whsec_other"));
    assert.throws(
      () => constructWebhookEvent(payload, signPayload(payload, "whsec_abc", t - 301), "whsec_abc"),
      "too old",
    );
  });

  it("backs off exponentially up to the cap, and filters enabled events", () => {
    const policy = { maxAttempts: 5, initialDelayMs: 1000, factor: 3, maxDelayMs: 5000, timeoutMs: 1000 };
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => backoffMs(policy, n)),
      [1000, 3000, 5000, 5000],
    );
    assert.equal(eventMatches(["invoice.*"], "invoice.paid"), true);
    assert.equal(eventMatches(["invoice.*"], "customer.created"), false);
    assert.equal(eventMatches(["*"], "anything"), true);
  });
});
