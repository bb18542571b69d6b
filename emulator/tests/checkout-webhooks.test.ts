/** Checkout Sessions (hosted page and test helper) and signed, retried webhook deliveries. */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import type { Stripe } from "./sdk";
import { constructWebhookEvent } from "./sdk";
import { type Harness, setup, stripeError, WHSEC } from "./support";

let h: Harness;
before(async () => {
  h = await setup({ withWebhooks: true });
});
after(() => h.close());
beforeEach(() => {
  if (h.receiver) h.receiver.respond = () => 200;
});

async function product(unitAmount: number, recurring?: Stripe.PriceCreateParams.Recurring) {
  return h.stripe.prices.create({
    currency: "usd",
    unit_amount: unitAmount,
    product_data: { name: recurring ? "Pro plan" : "Credits" },
    ...(recurring ? { recurring } : {}),
  });
}

describe("Checkout in payment mode", () => {
  it("creates a session whose url serves a page, completes it, and delivers a signed checkout.session.completed", async () => {
    const price = await product(2500);
    const session = await h.stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: price.id, quantity: 2 }],
      success_url: "https://app.test/done?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "https://app.test/cancel",
      client_reference_id: "wallet_1",
      metadata: { wallet: "w1" },
      customer_email: "buyer@example.com",
    });
    assert.equal(session.status, "open");
    assert.equal(session.payment_status, "unpaid");
    assert.equal(session.payment_intent, null, "deferred PaymentIntent since 2022-08-01");
    assert.equal(session.amount_total, 5000);
    assert.equal(session.ui_mode, "hosted_page");
    assert.match(session.id, /^cs_test_[A-Za-z0-9]{58}$/);
    const page = await fetch(String(session.url));
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /\$50\.00/);
    assert.match(html, /buyer@example\.com/);

    const done = await h.helper("POST", `/_emulator/checkout/sessions/${session.id}/complete`, {
      card: "4242 4242 4242 4242",
    });
    assert.equal(done.status, 200);
    assert.equal(done.body.redirect_url, `https://app.test/done?session_id=${session.id}`);

    const after = await h.stripe.checkout.sessions.retrieve(session.id, {
      expand: ["line_items", "payment_intent"],
    });
    assert.equal(after.status, "complete");
    assert.equal(after.payment_status, "paid");
    assert.equal(after.url, null);
    assert.equal(after.customer_details?.email, "buyer@example.com");
    assert.equal((after.payment_intent as Stripe.PaymentIntent).status, "succeeded");
    assert.equal((after.payment_intent as Stripe.PaymentIntent).amount_received, 5000);
    assert.equal(after.line_items?.data[0]?.quantity, 2);
    assert.equal(after.line_items?.data[0]?.object, "item");
    const items = await h.stripe.checkout.sessions.listLineItems(session.id);
    assert.equal(items.data[0]?.amount_total, 5000);

    const delivery = await h.receiver!.waitFor(
      (r) => r.event.type === "checkout.session.completed" && r.event.data.object.id === session.id,
    );
    const sig = String(delivery.headers["stripe-signature"]);
    assert.match(sig, /^t=\d+,v1=[0-9a-f]{64}$/);
    assert.equal(delivery.headers["content-type"], "application/json; charset=utf-8");
    const event = constructWebhookEvent(delivery.body, sig, WHSEC);
    assert.equal(event.type, "checkout.session.completed");
    const obj = event.data.object as Stripe.Checkout.Session;
    assert.equal(obj.payment_status, "paid");
    assert.equal(obj.client_reference_id, "wallet_1");
    assert.deepEqual(obj.metadata, { wallet: "w1" });
    assert.throws(
      () => constructWebhookEvent(`${delivery.body} `, sig, WHSEC),
      "a changed body fails verification",
    );
    assert.throws(() => constructWebhookEvent(delivery.body, sig, "whsec_wrong"));
    const types = h.receiver!.received.map((r) => r.event.type);
    for (const t of ["payment_intent.created", "charge.succeeded", "payment_intent.succeeded"])
      assert.ok(types.includes(t), t);

    const replay = await h.helper("POST", `/_emulator/checkout/sessions/${session.id}/complete`, {
      card: "4242424242424242",
    });
    assert.equal(replay.status, 400, "a complete session cannot be paid again");
  });

  it("a declined card leaves the session open; 3-D Secure needs the challenge", async () => {
    const price = await product(1000);
    const session = await h.stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: "https://app.test/ok",
    });
    const declined = await h.helper("POST", `/_emulator/checkout/sessions/${session.id}/complete`, {
      card: "4000000000000002",
    });
    assert.equal(declined.status, 402);
    assert.equal(declined.body.error.decline_code, "generic_decline");
    assert.equal((await h.stripe.checkout.sessions.retrieve(session.id)).status, "open");
    const challenge = await h.helper("POST", `/_emulator/checkout/sessions/${session.id}/complete`, {
      card: "4000002500003155",
    });
    assert.equal(challenge.body.requires_action, true);
    assert.match(challenge.body.redirect_url, /\/3ds\//);
    const done = await h.helper("POST", `/_emulator/checkout/sessions/${session.id}/complete`, {
      card: "4000002500003155",
      three_d_secure: "succeed",
    });
    assert.equal(done.body.redirect_url, "https://app.test/ok");
    const list = await h.stripe.checkout.sessions.list({ status: "complete", limit: 100 });
    assert.ok(list.data.some((s) => s.id === session.id));
  });

  it("the hosted page form pays, redirects with the session id, and shows declines", async () => {
    const session = await h.stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [
        { price_data: { currency: "usd", unit_amount: 1200, product_data: { name: "Top-up" } }, quantity: 1 },
      ],
      success_url: "https://app.test/thanks/%7BCHECKOUT_SESSION_ID%7D",
    });
    const post = (card: string) =>
      fetch(String(session.url), {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          email: "p@example.com",
          card,
          expiry: "12 / 34",
          cvc: "123",
          name: "P",
          country: "US",
          postal: "94103",
        }),
      });
    const bad = await post("4000 0000 0000 9995");
    assert.equal(bad.status, 402);
    assert.match(await bad.text(), /Your card has insufficient funds\./);
    const ok = await post("4242 4242 4242 4242");
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get("location"), `https://app.test/thanks/${session.id}`);
    const closed = await fetch(String(`${h.emu.url}/c/pay/${session.id}`));
    assert.match(await closed.text(), /already complete/);
  });

  it("expires on request and with the clock; customer_creation=always makes a customer", async () => {
    const price = await product(900);
    const s1 = await h.stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: "https://a.test",
    });
    const expired = await h.stripe.checkout.sessions.expire(s1.id);
    assert.equal(expired.status, "expired");
    assert.equal(expired.url, null);
    const err = await stripeError(() => h.stripe.checkout.sessions.expire(s1.id));
    assert.equal(err.statusCode, 400);
    await h.receiver!.waitFor(
      (r) => r.event.type === "checkout.session.expired" && r.event.data.object.id === s1.id,
    );

    const s2 = await h.stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: "https://a.test",
      expires_at: Math.floor(Date.now() / 1000) + 3600,
    });
    const tooSoon = await stripeError(() =>
      h.stripe.checkout.sessions.create({
        mode: "payment",
        line_items: [{ price: price.id, quantity: 1 }],
        expires_at: Math.floor(Date.now() / 1000) + 60,
      }),
    );
    assert.equal(tooSoon.param, "expires_at");
    await h.helper("POST", "/_emulator/clock/advance", { seconds: 3700 });
    assert.equal((await h.stripe.checkout.sessions.retrieve(s2.id)).status, "expired");

    const s3 = await h.stripe.checkout.sessions.create({
      mode: "payment",
      customer_creation: "always",
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: "https://a.test",
    });
    await h.helper("POST", `/_emulator/checkout/sessions/${s3.id}/complete`, {
      card: "4242424242424242",
      email: "new@example.com",
    });
    const done = await h.stripe.checkout.sessions.retrieve(s3.id, { expand: ["customer"] });
    assert.equal((done.customer as Stripe.Customer).email, "new@example.com");
  });

  it("validates modes and prices", async () => {
    const monthly = await product(1000, { interval: "month" });
    const err = await stripeError(() =>
      h.stripe.checkout.sessions.create({
        mode: "payment",
        line_items: [{ price: monthly.id, quantity: 1 }],
      }),
    );
    assert.match(err.message, /recurring price/);
    const noItems = await stripeError(() => h.stripe.checkout.sessions.create({ mode: "subscription" }));
    assert.equal(noItems.param, "line_items");
    const oldUi = await stripeError(() =>
      h.stripe.checkout.sessions.create({
        mode: "payment",
        ui_mode: "hosted" as never,
        line_items: [{ price: monthly.id, quantity: 1 }],
      }),
    );
    assert.equal(oldUi.param, "ui_mode", "dahlia renamed hosted → hosted_page");
  });
});

describe("Checkout in subscription and setup modes", () => {
  it("subscription mode creates the subscription only after payment, with a paid invoice", async () => {
    const price = await product(2000, { interval: "month" });
    const session = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: "https://app.test/welcome?cs={CHECKOUT_SESSION_ID}",
      customer_email: "sub@example.com",
      subscription_data: { metadata: { plan: "pro" } },
    });
    assert.equal(session.subscription, null);
    const declined = await h.helper("POST", `/_emulator/checkout/sessions/${session.id}/complete`, {
      card: "4000000000000341",
    });
    assert.equal(declined.status, 402);
    assert.equal(
      (await h.stripe.subscriptions.list({ status: "all", price: price.id })).data.length,
      0,
      "no incomplete subscription after a failed attempt",
    );
    const ok = await h.helper("POST", `/_emulator/checkout/sessions/${session.id}/complete`, {
      card: "4242424242424242",
    });
    assert.equal(ok.status, 200);
    const done = await h.stripe.checkout.sessions.retrieve(session.id, {
      expand: ["subscription", "invoice"],
    });
    assert.equal(done.status, "complete");
    assert.equal(done.payment_status, "paid");
    const sub = done.subscription as Stripe.Subscription;
    assert.equal(sub.status, "active");
    assert.deepEqual(sub.metadata, { plan: "pro" });
    assert.equal((done.invoice as Stripe.Invoice).status, "paid");
    assert.equal((done.invoice as Stripe.Invoice).amount_paid, 2000);
    assert.equal(typeof done.customer, "string");
    await h.receiver!.waitFor(
      (r) => r.event.type === "checkout.session.completed" && r.event.data.object.id === session.id,
    );
    const types = h.receiver!.received.map((r) => r.event.type);
    for (const t of ["customer.subscription.created", "invoice.paid", "invoice.payment_succeeded"])
      assert.ok(types.includes(t), t);
  });

  it("a trial subscription needs no payment; setup mode saves the card", async () => {
    const price = await product(2000, { interval: "month" });
    const trial = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: price.id, quantity: 1 }],
      subscription_data: { trial_period_days: 14 },
      success_url: "https://app.test/ok",
    });
    assert.equal(trial.payment_status, "no_payment_required");
    await h.helper("POST", `/_emulator/checkout/sessions/${trial.id}/complete`, { card: "4242424242424242" });
    const t = await h.stripe.checkout.sessions.retrieve(trial.id, { expand: ["subscription"] });
    assert.equal((t.subscription as Stripe.Subscription).status, "trialing");

    const customer = await h.stripe.customers.create({ email: "setup@example.com" });
    const setupSession = await h.stripe.checkout.sessions.create({
      mode: "setup",
      customer: customer.id,
      currency: "usd",
      success_url: "https://app.test/saved",
    });
    assert.match(String(setupSession.setup_intent), /^seti_/);
    await h.helper("POST", `/_emulator/checkout/sessions/${setupSession.id}/complete`, {
      card: "5555555555554444",
    });
    const s = await h.stripe.checkout.sessions.retrieve(setupSession.id, { expand: ["setup_intent"] });
    assert.equal(s.status, "complete");
    assert.equal(s.payment_status, "no_payment_required");
    const si = s.setup_intent as Stripe.SetupIntent;
    assert.equal(si.status, "succeeded");
    const pms = await h.stripe.customers.listPaymentMethods(customer.id);
    assert.equal(pms.data[0]?.card?.brand, "mastercard");
  });
});

describe("webhooks", () => {
  it("retries non-2xx with backoff and logs every attempt", async () => {
    let failures = 3;
    h.receiver!.respond = (r) =>
      r.event.type === "customer.created" &&
      r.event.data.object.email === "retry@example.com" &&
      failures-- > 0
        ? 500
        : 200;
    const customer = await h.stripe.customers.create({ email: "retry@example.com" });
    const delivered = await h.receiver!.waitFor(
      (r) => r.event.data.object.id === customer.id && failures < 0,
    );
    assert.equal(delivered.event.type, "customer.created");
    const hits = h.receiver!.received.filter(
      (r) => r.event.data.object.id === customer.id && r.event.type === "customer.created",
    );
    assert.equal(hits.length, 4);
    assert.equal(new Set(hits.map((x) => x.event.id)).size, 1, "the same event each time");
    await h.emu.webhooksIdle();
    const log = await h.helper("GET", `/_emulator/webhooks/deliveries?event=${delivered.event.id}`);
    const d = log.body.data[0];
    assert.equal(d.status, "succeeded");
    assert.deepEqual(
      d.attempts.map((a: { status: number }) => a.status),
      [500, 500, 500, 200],
    );
    const event = await h.stripe.events.retrieve(delivered.event.id);
    assert.equal(event.pending_webhooks, 0);
  });

  it("gives up after the configured attempts and reports it", async () => {
    h.receiver!.respond = (r) => (r.event.type === "customer.updated" ? 404 : 200);
    const c = await h.stripe.customers.create({});
    await h.stripe.customers.update(c.id, { name: "x" });
    const deadline = Date.now() + 5000;
    let status = "";
    while (Date.now() < deadline) {
      const log = await h.helper("GET", "/_emulator/webhooks/deliveries?type=customer.updated");
      const mine = log.body.data.find((d: { attempts: unknown[]; status: string }) => d.status === "failed");
      if (mine) {
        status = mine.status;
        assert.equal(mine.attempts.length, 4);
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(status, "failed");
    const undelivered = await h.stripe.events.list({
      type: "customer.updated",
      delivery_success: false,
    } as never);
    assert.ok(undelivered.data.length >= 1);
  });

  it("events are listed, filtered and carry request ids and previous_attributes", async () => {
    const c = await h.stripe.customers.create(
      { email: "ev@example.com" },
      { idempotencyKey: `ev-${Date.now()}` },
    );
    await h.stripe.customers.update(c.id, { name: "Evie" });
    const updated = await h.stripe.events.list({ type: "customer.updated", limit: 1 });
    const ev = updated.data[0] as Stripe.Event;
    assert.equal((ev.data.object as Stripe.Customer).id, c.id);
    assert.deepEqual(ev.data.previous_attributes, { name: null });
    assert.match(String(ev.request?.id), /^req_/);
    assert.equal(ev.api_version, "2026-10-28.endive");
    const created = await h.stripe.events.list({ types: ["customer.created"], created: { gte: c.created } });
    const mine = created.data.find((e) => (e.data.object as Stripe.Customer).id === c.id);
    assert.ok(mine?.request?.idempotency_key?.startsWith("ev-"));
    const wildcard = await h.stripe.events.list({ type: "customer.*" });
    assert.ok(wildcard.data.every((e) => e.type.startsWith("customer.")));
  });

  it("webhook endpoints created through the API get their own secret and events", async () => {
    const other = await import("./support").then((m) => m.startReceiver());
    try {
      const we = await h.stripe.webhookEndpoints.create({
        url: other.url,
        enabled_events: ["invoice.*", "customer.created"] as never,
      });
      assert.match(String(we.secret), /^whsec_/);
      const c = await h.stripe.customers.create({ email: "we@example.com" });
      const got = await other.waitFor((r) => r.event.data.object.id === c.id);
      assert.equal(
        constructWebhookEvent(got.body, String(got.headers["stripe-signature"]), String(we.secret)).type,
        "customer.created",
      );
      await h.stripe.customers.update(c.id, { name: "n" });
      await h.emu.webhooksIdle();
      assert.equal(
        other.received.filter((r) => r.event.type === "customer.updated").length,
        0,
        "filtered by enabled_events",
      );
      const fetched = await h.stripe.webhookEndpoints.retrieve(we.id);
      assert.equal("secret" in fetched, false, "the secret is only shown at creation");
      await h.stripe.webhookEndpoints.del(we.id);
    } finally {
      await other.close();
    }
  });

  it("fault rules drop, duplicate, delay and reorder deliveries", async () => {
    const rx = h.receiver!;
    await h.helper("POST", "/_emulator/faults", {
      target: "webhook",
      action: "drop",
      event_type: "product.created",
      count: 1,
    });
    const dropped = await h.stripe.products.create({ name: "dropped" });
    await h.helper("POST", "/_emulator/faults", {
      target: "webhook",
      action: "duplicate",
      event_type: "product.created",
      count: 1,
    });
    const duplicated = await h.stripe.products.create({ name: "duplicated" });
    await h.emu.webhooksIdle();
    assert.equal(rx.received.filter((r) => r.event.data.object.id === dropped.id).length, 0);
    const dups = rx.received.filter((r) => r.event.data.object.id === duplicated.id);
    assert.equal(dups.length, 2);
    assert.equal(dups[0]?.event.id, dups[1]?.event.id);

    await h.helper("POST", "/_emulator/faults", {
      target: "webhook",
      action: "reorder",
      event_type: "product.created",
      count: 2,
    });
    const first = await h.stripe.products.create({ name: "first" });
    const second = await h.stripe.products.create({ name: "second" });
    await rx.waitFor((r) => r.event.data.object.id === first.id);
    const order = rx.received
      .map((r) => r.event.data.object.id)
      .filter((id) => id === first.id || id === second.id);
    assert.deepEqual(order, [second.id, first.id]);

    await h.helper("POST", "/_emulator/faults", {
      target: "webhook",
      action: "delay",
      event_type: "product.created",
      ms: 300,
    });
    const started = Date.now();
    const delayed = await h.stripe.products.create({ name: "delayed" });
    await rx.waitFor((r) => r.event.data.object.id === delayed.id);
    assert.ok(Date.now() - started >= 280);

    const resent = await h.helper("POST", `/_emulator/events/${dups[0]?.event.id}/resend`);
    assert.equal(resent.body.endpoints, 1);
  });
});
