/**
 * Whole-server behaviour: persistence across restarts, fault rules against the SDK's retries,
 * stats and reset, the Stripe.js stand-in and Elements frames, object shapes vs Stripe's fixtures.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import vm from "node:vm";
import { Store } from "../store";
import { createStripeClient, type Stripe } from "./sdk";
import { cardPm, type Harness, PK, SERVER_CONFIRM, SK, setup, stripeError } from "./support";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "onramp-emulator-test-"));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function until(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("persistence", () => {
  it("keeps objects, idempotency records and the clock across a restart", async () => {
    const dataDir = tempDir();
    const first = await setup({ dataDir });
    const customer = await first.stripe.customers.create({ email: "persist@example.com" });
    const pm = await cardPm(first, "4242424242424242");
    await first.stripe.paymentMethods.attach(pm.id, { customer: customer.id });
    const pi = await first.stripe.paymentIntents.create(
      {
        amount: 2500,
        currency: "usd",
        customer: customer.id,
        payment_method: pm.id,
        confirm: true,
        ...SERVER_CONFIRM,
      },
      { idempotencyKey: "persist-key" },
    );
    await first.helper("POST", "/_emulator/clock/advance", { seconds: 86400 });
    await first.close();
    const saved = JSON.parse(readFileSync(path.join(dataDir, "state.json"), "utf8")) as {
      objects: { customer: object };
    };
    assert.ok(customer.id in saved.objects.customer);
    assert.equal(
      readFileSync(path.join(dataDir, "state.json"), "utf8").includes("4242424242424242"),
      false,
      "no card numbers at rest",
    );

    const second = await setup({ dataDir });
    try {
      assert.equal(
        ((await second.stripe.customers.retrieve(customer.id)) as Stripe.Customer).email,
        "persist@example.com",
      );
      assert.equal((await second.stripe.paymentMethods.retrieve(pm.id)).customer, customer.id);
      const replay = await second.stripe.paymentIntents.create(
        {
          amount: 2500,
          currency: "usd",
          customer: customer.id,
          payment_method: pm.id,
          confirm: true,
          ...SERVER_CONFIRM,
        },
        { idempotencyKey: "persist-key" },
      );
      assert.equal(replay.id, pi.id);
      assert.equal(replay.lastResponse.headers["idempotent-replayed"], "true");
      const clock = await second.helper("GET", "/_emulator/clock");
      assert.ok(clock.body.offset_seconds >= 86400);
      const events = await second.stripe.events.list({ type: "payment_intent.succeeded" });
      assert.equal(
        events.data[0]?.data.object && (events.data[0].data.object as Stripe.PaymentIntent).id,
        pi.id,
      );
    } finally {
      await second.close();
    }
  });

  it("an idempotency record outlives clock advances and restarts; only 24 h of real time expires it", async () => {
    // Real time is injected so the second boundary the old flake depended on is crossed every time:
    // the key is stored 0.9 s into a second and replayed in the next one, after the virtual clock
    // moved exactly the 24 h that Stripe keeps keys.
    let realMs = Date.UTC(2030, 0, 1, 0, 0, 0, 900);
    const now = () => realMs;
    const dataDir = tempDir();
    const params = { amount: 700, currency: "usd", payment_method: "pm_card_visa", confirm: true };
    const create = (h: Harness) =>
      h.stripe.paymentIntents.create({ ...params, ...SERVER_CONFIRM }, { idempotencyKey: "real-time-key" });
    const first = await setup({ dataDir, now });
    let pi: Stripe.PaymentIntent;
    try {
      pi = await create(first);
      await first.helper("POST", "/_emulator/clock/advance", { seconds: 86400 });
      realMs += 200;
      assert.equal((await create(first)).id, pi.id, "replayed after the clock advance");
    } finally {
      await first.close();
    }

    const second = await setup({ dataDir, now });
    try {
      await second.helper("POST", "/_emulator/clock/advance", { days: 40 });
      const replay = await create(second);
      assert.equal(replay.id, pi.id, "replayed after a restart and 41 virtual days");
      assert.equal(replay.lastResponse.headers["idempotent-replayed"], "true");
      realMs += 24 * 3600 * 1000 + 1000;
      const fresh = await create(second);
      assert.notEqual(fresh.id, pi.id, "a key older than 24 h of real time starts a new request");
      assert.equal(fresh.lastResponse.headers["idempotent-replayed"], undefined);
    } finally {
      await second.close();
    }
  });

  it("a request still running when the emulator closes cannot overwrite the next run's state", async () => {
    const dataDir = tempDir();
    const first = await setup({ dataDir, saveDebounceMs: 1 });
    let late: Promise<unknown> = Promise.resolve();
    try {
      await first.helper("POST", "/_emulator/faults", {
        path: "/v1/customers",
        method: "POST",
        action: "latency",
        ms: 200,
        count: 1,
      });
      // Plain fetch, not the SDK: its retry after the dropped connection would only add a backoff.
      late = first
        .raw("/v1/customers", {
          method: "POST",
          headers: { authorization: `Bearer ${SK}`, "content-type": "application/x-www-form-urlencoded" },
          body: "email=late%40example.com",
        })
        .catch(() => null);
      await until(async () => (await first.helper("GET", "/_emulator/faults")).body.data.length === 0);
    } finally {
      await first.close();
    }

    // The next run starts and saves while the first run's request is still asleep in its latency.
    const second = new Store({ dir: dataDir });
    second.put("customer", { id: "cus_second_run", object: "customer" } as Stripe.Customer);
    second.flush();
    // Now that request finishes in the closed emulator; give a save it might schedule time to land.
    await until(async () =>
      first.emu.engine.store.all("customer").some((c) => c.email === "late@example.com"),
    );
    await new Promise((r) => setTimeout(r, 100));
    await late;

    assert.ok(
      new Store({ dir: dataDir }).get("customer", "cus_second_run"),
      "the closed emulator wrote over the next run's state",
    );
  });

  it("on load, drops idempotency records left in flight and reads those saved in virtual seconds", () => {
    const dataDir = tempDir();
    const legacy = { createdAt: 2_000_086_400, requestId: "req_old", inFlight: false };
    const stranded = { createdAtMs: Date.now(), requestId: "req_gone", inFlight: true };
    writeFileSync(
      path.join(dataDir, "state.json"),
      JSON.stringify({
        version: 1,
        clockOffsetSeconds: 86_400,
        idempotency: { "sk:old": legacy, "sk:stranded": stranded },
      }),
    );
    const records = new Store({ dir: dataDir }).state.idempotency;
    assert.deepEqual(Object.keys(records), ["sk:old"], "no request survives a restart to finish it");
    const record = records["sk:old"] as unknown as Record<string, unknown>;
    assert.equal(record.createdAtMs, 2_000_000_000_000, "wall-clock ms: virtual seconds minus the offset");
    assert.equal("createdAt" in record, false);
  });

  it("moves an unreadable state file aside and starts fresh", async () => {
    const dataDir = tempDir();
    writeFileSync(path.join(dataDir, "state.json"), "{not json");
    const lines: string[] = [];
    const h = await setup({ dataDir, log: (l) => lines.push(l) });
    try {
      assert.equal((await h.stripe.customers.list()).data.length, 0);
      assert.ok(lines.some((l) => l.includes("unreadable")));
    } finally {
      await h.close();
    }
  });
});

describe("fault rules, stats and reset", () => {
  let h: Harness;
  before(async () => {
    h = await setup({ retries: 2 });
  });
  after(() => h.close());

  it("a 500 on the next call is retried by the SDK with the same idempotency key: one PaymentIntent", async () => {
    const rule = await h.helper("POST", "/_emulator/faults", {
      path: "/v1/payment_intents",
      method: "POST",
      action: "error",
      status: 500,
      count: 1,
    });
    assert.equal(rule.status, 200);
    const before = (await h.stripe.paymentIntents.list({ limit: 100 })).data.length;
    const pi = await h.stripe.paymentIntents.create({ amount: 1000, currency: "usd" });
    assert.match(pi.id, /^pi_/);
    assert.equal((await h.stripe.paymentIntents.list({ limit: 100 })).data.length, before + 1);
    const stats = await h.helper("GET", "/_emulator/stats");
    assert.equal(stats.body.calls.by_route["POST /v1/payment_intents (fault: 500)"], 1);
    assert.equal(
      (await h.helper("GET", "/_emulator/faults")).body.data.length,
      0,
      "count-limited rules expire",
    );
  });

  it("429 reaches the caller as a rate-limit error", async () => {
    await h.helper("POST", "/_emulator/faults", {
      path: "/v1/customers",
      action: "error",
      status: 429,
      count: 1,
    });
    const err = await stripeError(() => h.stripe.customers.create({}));
    assert.equal(err.type, "StripeRateLimitError");
    assert.equal(err.statusCode, 429);
    assert.ok(await h.stripe.customers.create({}), "the next call goes through");
  });

  it("a lost reply (timeout after execution) is safe to retry: exactly one PaymentIntent", async () => {
    const client = createStripeClient({
      secretKey: SK,
      apiBase: new URL(h.emu.url),
      maxNetworkRetries: 1,
      timeoutMs: 250,
    });
    await h.helper("POST", "/_emulator/faults", {
      path: "/v1/payment_intents",
      method: "POST",
      action: "timeout",
      execute: true,
      ms: 600,
    });
    const before = (await h.stripe.paymentIntents.list({ limit: 100 })).data.length;
    const pi = await client.paymentIntents.create({ amount: 4200, currency: "usd" });
    assert.equal(pi.lastResponse.headers["idempotent-replayed"], "true", "the retry got the saved result");
    assert.equal((await h.stripe.paymentIntents.list({ limit: 100 })).data.length, before + 1);
  });

  it("timeouts before execution and added latency", async () => {
    const client = createStripeClient({
      secretKey: SK,
      apiBase: new URL(h.emu.url),
      maxNetworkRetries: 0,
      timeoutMs: 200,
    });
    await h.helper("POST", "/_emulator/faults", { path: "/v1/customers/*", action: "timeout", ms: 400 });
    const err = await stripeError(() => client.customers.retrieve("cus_whatever"));
    assert.equal(err.type, "StripeConnectionError");
    await h.helper("POST", "/_emulator/faults", {
      path: "/v1/customers",
      method: "GET",
      action: "latency",
      ms: 150,
      count: 1,
    });
    const started = Date.now();
    await h.stripe.customers.list({ limit: 1 });
    assert.ok(Date.now() - started >= 140);
    const bad = await h.helper("POST", "/_emulator/faults", { action: "explode", path: "/v1/x" });
    assert.equal(bad.status, 400);
  });

  it("counts objects and calls by type, and resets", async () => {
    await h.stripe.customers.create({ email: "count@example.com" });
    const stats = await h.helper("GET", "/_emulator/stats");
    assert.ok(stats.body.objects.customer >= 1);
    assert.ok(stats.body.calls.by_route["POST /v1/customers"] >= 1);
    assert.ok(stats.body.calls.total >= 1);
    assert.ok(stats.body.events.by_type["customer.created"] >= 1);
    const reset = await h.helper("POST", "/_emulator/reset");
    assert.equal(reset.body.reset, true);
    const after = await h.helper("GET", "/_emulator/stats");
    assert.equal(after.body.objects.customer, 0);
    assert.equal(after.body.calls.total, 0);
  });
});

describe("Stripe.js stand-in and hosted surfaces", () => {
  let h: Harness;
  before(async () => {
    h = await setup();
  });
  after(() => h.close());

  it("serves a window.Stripe that @stripe/stripe-js and react-stripe-js accept", async () => {
    for (const p of ["/v3", "/v3/", "/v3/stripe.js", "/endive/stripe.js"]) {
      const res = await h.raw(p);
      assert.equal(res.status, 200, p);
      assert.match(String(res.headers.get("content-type")), /javascript/);
    }
    const source = await (await h.raw("/endive/stripe.js")).text();
    assert.ok(source.includes(`"${h.emu.url}"`), "the emulator's origin is filled in");
    const window: Record<string, unknown> = {
      location: { origin: "http://app.test" },
      addEventListener() {},
    };
    vm.runInNewContext(source, { window, document: {}, URLSearchParams, URL, setTimeout, console });
    const StripeCtor = window.Stripe as ((key: string) => Record<string, unknown>) & { version: string };
    assert.equal(StripeCtor.version, "endive");
    const stripe = StripeCtor(PK);
    for (const m of [
      "elements",
      "createToken",
      "createPaymentMethod",
      "confirmCardPayment",
      "confirmCardSetup",
      "confirmPayment",
      "confirmSetup",
      "handleNextAction",
      "retrievePaymentIntent",
      "registerAppInfo",
      "_registerWrapper",
    ]) {
      assert.equal(typeof stripe[m], "function", m);
    }
    const elements = (stripe.elements as () => Record<string, (...a: unknown[]) => unknown>)();
    const card = elements.create?.("card") as Record<string, unknown>;
    for (const m of ["mount", "unmount", "destroy", "update", "on", "off", "focus", "blur", "clear"])
      assert.equal(typeof card[m], "function", m);
    assert.throws(() => elements.create?.("card"), /only create one Element of type card/);
    assert.throws(() => StripeCtor(SK), /publishable test key/);
  });

  it("serves the Elements iframe on its own origin", async () => {
    const frame = await (
      await h.raw("/elements/frame?type=card&id=f1&origin=http%3A%2F%2Fapp.test&key=pk_test_x")
    ).text();
    assert.match(frame, /data-testid="card-number"/);
    assert.match(frame, /src="\/elements\/frame\.js"/);
    const payment = await (await h.raw("/elements/frame?type=payment")).text();
    assert.match(payment, /data-testid="card-country"/);
    assert.equal((await h.raw("/elements/frame.js")).status, 200);
  });

  it("serves the hosted invoice page, receipts, and 404s for unknown pages", async () => {
    const pi = await h.stripe.paymentIntents.create({
      amount: 1234,
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: true,
      ...SERVER_CONFIRM,
    });
    const charge = await h.stripe.charges.retrieve(String(pi.latest_charge));
    const receipt = await fetch(String(charge.receipt_url));
    assert.match(await receipt.text(), /\$12\.34/);
    assert.equal((await h.raw("/c/pay/cs_test_nope")).status, 404);
    assert.equal((await h.raw("/nothing-here")).status, 404);
    const index = (await (await h.raw("/_emulator")).json()) as { api_version: string };
    assert.equal(index.api_version, "2026-10-28.endive");
  });
});

describe("object shapes", () => {
  it("match Stripe's own example objects (fixtures3.json) field for field", async () => {
    const fixtures = JSON.parse(readFileSync(path.join(__dirname, "fixtures/stripe/fixtures3.json"), "utf8"))
      .resources as Record<string, Record<string, unknown>>;
    const h = await setup();
    try {
      const c = await h.stripe.customers.create({ email: "shape@example.com" });
      const pm = await h.stripe.paymentMethods.attach("pm_card_visa", { customer: c.id });
      await h.stripe.customers.update(c.id, { invoice_settings: { default_payment_method: pm.id } });
      const pi = await h.stripe.paymentIntents.create({
        amount: 1000,
        currency: "usd",
        customer: c.id,
        payment_method: pm.id,
        confirm: true,
        ...SERVER_CONFIRM,
      });
      const price = await h.stripe.prices.create({
        currency: "usd",
        unit_amount: 1000,
        recurring: { interval: "month" },
        product_data: { name: "Shape" },
      });
      const cs = await h.stripe.checkout.sessions.create({
        mode: "subscription",
        line_items: [{ price: price.id, quantity: 1 }],
        success_url: "https://a.test",
      });
      const sub = await h.stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id }] });
      const inv = await h.stripe.invoices.retrieve(String(sub.latest_invoice));
      const objects: Record<string, object> = {
        customer: c,
        payment_method: pm,
        payment_intent: pi,
        charge: await h.stripe.charges.retrieve(String(pi.latest_charge)),
        setup_intent: await h.stripe.setupIntents.create({ customer: c.id }),
        price,
        product: await h.stripe.products.retrieve(String(price.product)),
        "checkout.session": cs,
        subscription: sub,
        subscription_item: sub.items.data[0] as object,
        invoice: inv,
        line_item: inv.lines.data[0] as object,
        refund: await h.stripe.refunds.create({ payment_intent: pi.id }),
        event: (await h.stripe.events.list({ limit: 1 })).data[0] as object,
        item: (await h.stripe.checkout.sessions.listLineItems(cs.id)).data[0] as object,
      };
      // Fields newer than the fixtures (endive additions typed in stripe@23) …
      const newer = new Set([
        "customer_account",
        "allowed_payment_method_types",
        "payment_record",
        "tax_details",
        "current_trial",
      ]);
      // … and fixture fields this API version no longer returns by default.
      const removed: Record<string, string[]> = { charge: ["refunds"], invoice: ["subscription"] };
      for (const [kind, object] of Object.entries(objects)) {
        const fixture = fixtures[kind];
        assert.ok(fixture, kind);
        const mine = Object.keys(object).filter((k) => k !== "lastResponse");
        const missing = Object.keys(fixture).filter(
          (k) => !mine.includes(k) && !(removed[kind] ?? []).includes(k),
        );
        const extra = mine.filter((k) => !(k in fixture) && !newer.has(k));
        assert.deepEqual({ kind, missing, extra }, { kind, missing: [], extra: [] });
      }
    } finally {
      await h.close();
    }
  });
});
