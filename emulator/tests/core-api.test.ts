/**
 * Transport-level behaviour through the official SDK (and raw HTTP where the SDK hides it):
 * auth, versions, errors, idempotency, lists, expand, customers and PaymentMethods.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEFAULT_API_VERSION } from "../versions";
import { createStripeClient, type Stripe } from "./sdk";
import { cardPm, type Harness, PK, SK, setup, stripeError } from "./support";

let h: Harness;
before(async () => {
  h = await setup();
});
after(() => h.close());

const form = (data: Record<string, string>) => new URLSearchParams(data).toString();

describe("authentication", () => {
  it("answers 401 without a key and masks a bad key", async () => {
    const res = await h.raw("/v1/customers");
    assert.equal(res.status, 401);
    const body = (await res.json()) as { error: Record<string, unknown> };
    assert.equal(body.error.type, "invalid_request_error");
    assert.match(String(body.error.message), /You did not provide an API key/);
    assert.equal("code" in body.error, false, "absent codes are omitted, not null");

    const bad = createStripeClient({
      secretKey: "sk_live_realkey1234",
      apiBase: new URL(h.emu.url),
      maxNetworkRetries: 0,
    });
    const err = await stripeError(() => bad.customers.list());
    assert.equal(err.type, "StripeAuthenticationError");
    assert.equal(err.statusCode, 401);
    assert.equal(err.message, "Invalid API Key provided: sk_live_****1234");
  });

  it("accepts Bearer, Basic, and key= for publishable keys", async () => {
    const basic = await h.raw("/v1/customers", {
      headers: { authorization: `Basic ${Buffer.from(`${SK}:`).toString("base64")}` },
    });
    assert.equal(basic.status, 200);
    const viaParam = await h.raw("/v1/payment_methods", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form({
        key: PK,
        type: "card",
        "card[number]": "4242424242424242",
        "card[exp_month]": "12",
        "card[exp_year]": "2040",
        "card[cvc]": "123",
      }),
    });
    assert.equal(viaParam.status, 200);
    assert.match(((await viaParam.json()) as { id: string }).id, /^pm_/);
    const secretViaParam = await h.raw(`/v1/customers?key=${SK}`);
    assert.equal(secretViaParam.status, 401, "secret keys are never accepted as a parameter");
  });

  it("limits publishable keys to Stripe.js endpoints", async () => {
    const err = await stripeError(() => h.pk.customers.create({ email: "a@example.com" }));
    assert.equal(err.statusCode, 401);
    assert.equal(err.code, "secret_key_required");
    const pi = await h.stripe.paymentIntents.create({ amount: 1000, currency: "usd" });
    const noSecret = await stripeError(() => h.pk.paymentIntents.retrieve(pi.id));
    assert.equal(noSecret.code, "parameter_missing");
    const wrong = await stripeError(() =>
      h.pk.paymentIntents.retrieve(pi.id, { client_secret: `${pi.id}_secret_wrong` }),
    );
    assert.equal(wrong.param, "client_secret");
    const viaPk = await h.pk.paymentIntents.retrieve(pi.id, { client_secret: pi.client_secret ?? "" });
    assert.equal(viaPk.id, pi.id);
    assert.equal("customer" in viaPk, false, "publishable keys get the reduced PaymentIntent view");
    assert.equal(viaPk.client_secret, pi.client_secret);
  });
});

describe("versions, errors and headers", () => {
  it("echoes Stripe-Version (the SDK's pinned one by default) and rejects unknown versions", async () => {
    const { lastResponse } = await h.stripe.customers.list({ limit: 1 });
    assert.equal(
      lastResponse.headers["stripe-version"],
      DEFAULT_API_VERSION,
      "the SDK sends its pinned version",
    );
    assert.match(lastResponse.requestId, /^req_/);
    const old = await h.raw("/v1/customers?limit=1", {
      headers: { authorization: `Bearer ${SK}`, "stripe-version": "2024-06-20" },
    });
    assert.equal(old.headers.get("stripe-version"), "2024-06-20");
    const bad = await h.raw("/v1/customers", {
      headers: { authorization: `Bearer ${SK}`, "stripe-version": "2099-01-01.nope" },
    });
    assert.equal(bad.status, 400);
    const body = (await bad.json()) as { error: Record<string, unknown> };
    assert.equal(body.error.type, "invalid_request_error");
    assert.equal("code" in body.error, false);
    assert.equal(old.headers.get("access-control-allow-origin"), "*");
  });

  it("answers preflights and unknown routes like Stripe", async () => {
    const pre = await h.raw("/v1/payment_methods", { method: "OPTIONS" });
    assert.equal(pre.status, 204);
    assert.match(pre.headers.get("access-control-allow-headers") ?? "", /Stripe-Version/);
    const res = await h.raw("/v1/nope", { headers: { authorization: `Bearer ${SK}` } });
    assert.equal(res.status, 404);
    const body = (await res.json()) as { error: { message: string } };
    assert.match(body.error.message, /^Unrecognized request URL \(GET: \/v1\/nope\)/);
  });

  it("rejects unknown, missing and malformed parameters", async () => {
    const unknown = await stripeError(() => h.stripe.customers.create({ emial: "x" } as never));
    assert.equal(unknown.code, "parameter_unknown");
    assert.equal(unknown.param, "emial");
    assert.equal(unknown.message, "Received unknown parameter: emial");
    const missing = await stripeError(() => h.stripe.paymentIntents.create({ currency: "usd" } as never));
    assert.equal(missing.code, "parameter_missing");
    assert.equal(missing.param, "amount");
    const badInt = await stripeError(() =>
      h.stripe.paymentIntents.create({ amount: "ten" as never, currency: "usd" }),
    );
    assert.equal(badInt.code, "parameter_invalid_integer");
    const small = await stripeError(() => h.stripe.paymentIntents.create({ amount: 10, currency: "usd" }));
    assert.equal(small.code, "amount_too_small");
    assert.equal(small.doc_url, "https://stripe.com/docs/error-codes/amount-too-small");
  });

  it("answers 404 resource_missing for unknown ids", async () => {
    const err = await stripeError(() => h.stripe.customers.retrieve("cus_missing"));
    assert.equal(err.statusCode, 404);
    assert.equal(err.code, "resource_missing");
    assert.equal(err.param, "id");
    assert.equal(err.message, "No such customer: 'cus_missing'");
    const asParam = await stripeError(() =>
      h.stripe.paymentIntents.create({ amount: 500, currency: "usd", customer: "cus_nope" }),
    );
    assert.equal(asParam.statusCode, 400);
    assert.equal(asParam.param, "customer");
  });
});

describe("idempotency", () => {
  it("replays the first result with Idempotent-Replayed", async () => {
    const key = `key-${Date.now()}`;
    const first = await h.stripe.customers.create({ email: "idem@example.com" }, { idempotencyKey: key });
    const again = await h.stripe.customers.create({ email: "idem@example.com" }, { idempotencyKey: key });
    assert.equal(again.id, first.id);
    assert.equal(again.lastResponse.headers["idempotent-replayed"], "true");
    assert.equal(again.lastResponse.headers["original-request"], first.lastResponse.requestId);
    assert.notEqual(again.lastResponse.requestId, first.lastResponse.requestId);
    const list = await h.stripe.customers.list({ email: "idem@example.com" });
    assert.equal(list.data.length, 1);
  });

  it("rejects the same key with other parameters (400 idempotency_error)", async () => {
    const key = `key-mismatch-${Date.now()}`;
    await h.stripe.customers.create({ email: "one@example.com" }, { idempotencyKey: key });
    const err = await stripeError(() =>
      h.stripe.customers.create({ email: "two@example.com" }, { idempotencyKey: key }),
    );
    assert.equal(err.type, "StripeIdempotencyError");
    assert.equal(err.statusCode, 400);
    assert.equal(err.code, undefined);
  });

  it("replays card errors but not validation errors", async () => {
    const key = `key-decline-${Date.now()}`;
    const params = {
      amount: 2500,
      currency: "usd",
      payment_method: "pm_card_visa_chargeDeclined",
      confirm: true,
      return_url: "https://app.test/r",
    };
    const first = await stripeError(() => h.stripe.paymentIntents.create(params, { idempotencyKey: key }));
    const second = await stripeError(() => h.stripe.paymentIntents.create(params, { idempotencyKey: key }));
    assert.equal(first.statusCode, 402);
    assert.equal(second.raw.payment_intent.id, first.raw.payment_intent.id, "no second PaymentIntent");
    assert.equal(second.headers["idempotent-replayed"], "true");

    const vkey = `key-validation-${Date.now()}`;
    await stripeError(() => h.stripe.customers.create({ bogus: 1 } as never, { idempotencyKey: vkey }));
    const ok = await h.stripe.customers
      .create({ bogus: 1 } as never, { idempotencyKey: vkey })
      .catch((e) => e);
    assert.equal(ok.code, "parameter_unknown", "validation failures run again rather than replay");
  });

  it("answers 409 while the first request with a key is still running", async () => {
    await h.helper("POST", "/_emulator/faults", {
      target: "api",
      path: "/v1/customers",
      action: "latency",
      ms: 300,
      count: 1,
    });
    const init = (email: string): RequestInit => ({
      method: "POST",
      headers: {
        authorization: `Bearer ${SK}`,
        "idempotency-key": "key-inflight",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: form({ email }),
    });
    const slow = h.raw("/v1/customers", init("slow@example.com"));
    await new Promise((r) => setTimeout(r, 60));
    const conflict = await h.raw("/v1/customers", init("slow@example.com"));
    assert.equal(conflict.status, 409);
    assert.equal(conflict.headers.get("stripe-should-retry"), "true");
    assert.equal(
      ((await conflict.json()) as { error: { code: string } }).error.code,
      "idempotency_key_in_use",
    );
    assert.equal((await slow).status, 200);
  });
});

describe("customers", () => {
  it("creates, updates with previous values, lists with pagination and deletes", async () => {
    const emails = ["p1@page.test", "p2@page.test", "p3@page.test"];
    const created = [];
    for (const email of emails)
      created.push(await h.stripe.customers.create({ email, metadata: { plan: "a" } }));
    const page1 = await h.stripe.customers.list({ limit: 2 });
    assert.equal(page1.object, "list");
    assert.equal(page1.url, "/v1/customers");
    assert.equal(page1.has_more, true);
    assert.deepEqual(
      page1.data.map((c) => c.id),
      [created[2]?.id, created[1]?.id],
      "newest first",
    );
    const page2 = await h.stripe.customers.list({ limit: 2, starting_after: page1.data[1]?.id });
    assert.equal(page2.data[0]?.id, created[0]?.id);
    const back = await h.stripe.customers.list({ limit: 1, ending_before: created[1]?.id });
    assert.deepEqual(
      back.data.map((c) => c.id),
      [created[2]?.id],
    );
    const all: string[] = [];
    for await (const c of h.stripe.customers.list({ limit: 1 })) all.push(c.id);
    assert.ok(all.length >= 3, "auto-pagination walks every page");

    const c = created[0] as Stripe.Customer;
    const updated = await h.stripe.customers.update(c.id, {
      name: "Jenny",
      metadata: { plan: "", extra: "1" },
    });
    assert.equal(updated.name, "Jenny");
    assert.deepEqual(updated.metadata, { extra: "1" });
    const cleared = await h.stripe.customers.update(c.id, { description: "", metadata: "" as never });
    assert.equal(cleared.description, null);
    assert.deepEqual(cleared.metadata, {});

    const del = await h.stripe.customers.del(c.id);
    assert.deepEqual({ id: del.id, deleted: del.deleted }, { id: c.id, deleted: true });
    const after = await h.stripe.customers.retrieve(c.id);
    assert.equal((after as Stripe.DeletedCustomer).deleted, true);
    const again = await stripeError(() => h.stripe.customers.del(c.id));
    assert.equal(again.statusCode, 404);
    const byEmail = await h.stripe.customers.list({ email: "p1@page.test" });
    assert.equal(byEmail.data.length, 0, "deleted customers are not listed");
  });

  it("requires invoice_settings.default_payment_method to be attached", async () => {
    const c = await h.stripe.customers.create({});
    const pm = await cardPm(h, "4242424242424242");
    const err = await stripeError(() =>
      h.stripe.customers.update(c.id, { invoice_settings: { default_payment_method: pm.id } }),
    );
    assert.equal(err.param, "invoice_settings[default_payment_method]");
    const withPm = await h.stripe.customers.create({
      payment_method: pm.id,
      invoice_settings: { default_payment_method: pm.id },
    });
    assert.equal(withPm.invoice_settings.default_payment_method, pm.id);
    const expanded = await h.stripe.customers.retrieve(withPm.id, {
      expand: ["invoice_settings.default_payment_method"],
    });
    assert.equal(
      ((expanded as Stripe.Customer).invoice_settings.default_payment_method as Stripe.PaymentMethod).id,
      pm.id,
    );
  });
});

describe("payment methods", () => {
  it("creates cards with a publishable key; refuses raw numbers with a secret key", async () => {
    const pm = await cardPm(h, "4242424242424242");
    assert.equal(pm.object, "payment_method");
    assert.equal(pm.card?.brand, "visa");
    assert.equal(pm.card?.last4, "4242");
    assert.equal(pm.customer, null);
    assert.equal(pm.livemode, false);
    const raw = await stripeError(() =>
      h.stripe.paymentMethods.create({
        type: "card",
        card: { number: "4242424242424242", exp_month: 1, exp_year: 2040 },
      }),
    );
    assert.equal(raw.statusCode, 402);
    assert.match(raw.message, /^Sending credit card numbers directly to the Stripe API is generally unsafe/);
    const declineCard = await cardPm(h, "4000000000000002");
    assert.match(declineCard.id, /^pm_/, "declining cards are still created");
  });

  it("rejects invalid card data at creation", async () => {
    const luhn = await stripeError(() => cardPm(h, "4242424242424241"));
    assert.equal(luhn.statusCode, 402);
    assert.equal(luhn.type, "StripeCardError");
    assert.equal(luhn.code, "incorrect_number");
    assert.equal(luhn.param, "card[number]");
    const month = await stripeError(() =>
      h.pk.paymentMethods.create({
        type: "card",
        card: { number: "4242424242424242", exp_month: 13, exp_year: 2040, cvc: "123" },
      }),
    );
    assert.equal(month.code, "invalid_expiry_month");
    const year = await stripeError(() =>
      h.pk.paymentMethods.create({
        type: "card",
        card: { number: "4242424242424242", exp_month: 1, exp_year: 2001, cvc: "123" },
      }),
    );
    assert.equal(year.code, "invalid_expiry_year");
    const cvc = await stripeError(() =>
      h.pk.paymentMethods.create({
        type: "card",
        card: { number: "4242424242424242", exp_month: 1, exp_year: 2040, cvc: "12" },
      }),
    );
    assert.equal(cvc.code, "invalid_cvc");
  });

  it("attaches, lists, retrieves through the customer, detaches for good", async () => {
    const c = await h.stripe.customers.create({});
    const pm = await cardPm(h, "5555555555554444");
    const attached = await h.stripe.paymentMethods.attach(pm.id, { customer: c.id });
    assert.equal(attached.customer, c.id);
    const list = await h.stripe.paymentMethods.list({ customer: c.id });
    assert.deepEqual(
      list.data.map((p) => p.id),
      [pm.id],
    );
    const viaCustomer = await h.stripe.customers.listPaymentMethods(c.id);
    assert.equal(viaCustomer.url, `/v1/customers/${c.id}/payment_methods`);
    const one = await h.stripe.customers.retrievePaymentMethod(c.id, pm.id);
    assert.equal(one.id, pm.id);
    const other = await h.stripe.customers.create({});
    const wrong = await stripeError(() => h.stripe.customers.retrievePaymentMethod(other.id, pm.id));
    assert.equal(wrong.statusCode, 404);
    assert.equal(wrong.param, "customer");
    const second = await stripeError(() => h.stripe.paymentMethods.attach(pm.id, { customer: other.id }));
    assert.equal(second.statusCode, 400);

    const updated = await h.stripe.paymentMethods.update(pm.id, {
      billing_details: { name: "Jenny" },
      metadata: { a: "b" },
    });
    assert.equal(updated.billing_details.name, "Jenny");
    const detached = await h.stripe.paymentMethods.detach(pm.id);
    assert.equal(detached.customer, null);
    const reattach = await stripeError(() => h.stripe.paymentMethods.attach(pm.id, { customer: c.id }));
    assert.equal(reattach.statusCode, 400);
    const detachAgain = await stripeError(() => h.stripe.paymentMethods.detach(pm.id));
    assert.match(detachAgain.message, /not attached to a customer/);
    const notAttached = await cardPm(h, "4242424242424242");
    const upd = await stripeError(() =>
      h.stripe.paymentMethods.update(notAttached.id, { metadata: { a: "b" } }),
    );
    assert.equal(upd.statusCode, 400);
  });

  it("fails attach for declining cards except …0341", async () => {
    const c = await h.stripe.customers.create({});
    for (const [number, decline] of [
      ["4000000000000002", "generic_decline"],
      ["4000000000009995", "insufficient_funds"],
      ["4000000000009987", "lost_card"],
    ] as const) {
      const pm = await cardPm(h, number);
      const err = await stripeError(() => h.stripe.paymentMethods.attach(pm.id, { customer: c.id }));
      assert.equal(err.statusCode, 402);
      assert.equal(err.decline_code, decline);
    }
    const ok = await h.stripe.paymentMethods.attach((await cardPm(h, "4000000000000341")).id, {
      customer: c.id,
    });
    assert.equal(ok.customer, c.id);
  });

  it("clones magic test ids into fresh PaymentMethods on each use", async () => {
    const c = await h.stripe.customers.create({});
    const a = await h.stripe.paymentMethods.attach("pm_card_visa", { customer: c.id });
    const b = await h.stripe.paymentMethods.attach("pm_card_visa", { customer: c.id });
    assert.notEqual(a.id, b.id);
    assert.notEqual(a.id, "pm_card_visa");
    assert.equal(a.card?.last4, "4242");
    const amex = await h.stripe.paymentMethods.retrieve("pm_card_amex");
    assert.equal(amex.card?.brand, "amex");
    const fromToken = await h.stripe.paymentMethods.create({
      type: "card",
      card: { token: "tok_mastercard" },
    });
    assert.equal(fromToken.card?.brand, "mastercard");
  });

  it("creates single-use tokens with a publishable key", async () => {
    const token = await h.pk.tokens.create({
      card: { number: "4000000000009995", exp_month: "12", exp_year: "2040", cvc: "123" } as never,
    });
    assert.match(token.id, /^tok_/);
    const pm = await h.stripe.paymentMethods.create({ type: "card", card: { token: token.id } });
    assert.equal(pm.card?.last4, "9995");
    const reuse = await stripeError(() =>
      h.stripe.paymentMethods.create({ type: "card", card: { token: token.id } }),
    );
    assert.match(reuse.message, /more than once/);
    const c = await h.stripe.customers.create({});
    const decl = await stripeError(() => h.stripe.paymentMethods.attach(pm.id, { customer: c.id }));
    assert.equal(decl.decline_code, "insufficient_funds", "the token keeps the card's behaviour");
  });
});

describe("expand", () => {
  it("expands ids, list data and rejects non-expandable paths", async () => {
    const c = await h.stripe.customers.create({ email: "exp@example.com" });
    const pi = await h.stripe.paymentIntents.create({
      amount: 700,
      currency: "usd",
      customer: c.id,
      expand: ["customer"],
    });
    assert.equal((pi.customer as Stripe.Customer).email, "exp@example.com");
    const list = await h.stripe.paymentIntents.list({ customer: c.id, expand: ["data.customer"] });
    assert.equal((list.data[0]?.customer as Stripe.Customer | undefined)?.id, c.id);
    const err = await stripeError(() => h.stripe.paymentIntents.retrieve(pi.id, { expand: ["currency"] }));
    assert.equal(err.statusCode, 400);
    assert.match(err.message, /cannot be expanded \(currency\)/);
  });
});
