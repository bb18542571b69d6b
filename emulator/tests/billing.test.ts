/** Products, prices, subscriptions, invoices (with PDF) and the virtual clock. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { PDFDocument } from "pdf-lib";
import type { Stripe } from "./sdk";
import { cardPm, type Harness, setup, stripeError } from "./support";

let h: Harness;
before(async () => {
  h = await setup({ withWebhooks: true });
});
after(() => h.close());

const DAY = 86400;
const advance = (seconds: number) => h.helper("POST", "/_emulator/clock/advance", { seconds });

async function plan(amount: number, interval: "day" | "week" | "month" | "year" = "month", name = "Plan") {
  const product = await h.stripe.products.create({ name });
  return h.stripe.prices.create({
    product: product.id,
    currency: "usd",
    unit_amount: amount,
    recurring: { interval },
  });
}

async function payingCustomer(number = "4242424242424242") {
  const pm = await cardPm(h, number);
  const customer = await h.stripe.customers.create({
    email: `${number}@billing.test`,
    payment_method: pm.id,
    invoice_settings: { default_payment_method: pm.id },
  });
  return { customer, pm };
}

describe("products and prices", () => {
  it("creates, updates, filters and archives", async () => {
    const product = await h.stripe.products.create({
      name: "Agent seats",
      metadata: { tier: "pro" },
      default_price_data: { currency: "usd", unit_amount: 1500, recurring: { interval: "month" } },
    });
    assert.match(product.id, /^prod_/);
    assert.match(String(product.default_price), /^price_/);
    const price = await h.stripe.prices.retrieve(String(product.default_price));
    assert.equal(price.type, "recurring");
    assert.equal(price.recurring?.interval, "month");
    assert.equal(String(price.unit_amount_decimal), "1500", "decimal strings decode into the SDK's Decimal");
    const oneTime = await h.stripe.prices.create({
      product: product.id,
      currency: "usd",
      unit_amount: 500,
      lookup_key: "topup_5",
    });
    const byKey = await h.stripe.prices.list({ lookup_keys: ["topup_5"] });
    assert.deepEqual(
      byKey.data.map((p) => p.id),
      [oneTime.id],
    );
    const recurringOnly = await h.stripe.prices.list({ product: product.id, type: "recurring" });
    assert.deepEqual(
      recurringOnly.data.map((p) => p.id),
      [price.id],
    );
    const dup = await stripeError(() =>
      h.stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1, lookup_key: "topup_5" }),
    );
    assert.equal(dup.param, "lookup_key");
    const archived = await h.stripe.prices.update(oneTime.id, { active: false });
    assert.equal(archived.active, false);
    const active = await h.stripe.prices.list({ product: product.id, active: true });
    assert.equal(
      active.data.some((p) => p.id === oneTime.id),
      false,
    );
    const renamed = await h.stripe.products.update(product.id, { name: "Seats", metadata: { tier: "" } });
    assert.equal(renamed.name, "Seats");
    assert.deepEqual(renamed.metadata, {});
    const missing = await stripeError(() => h.stripe.prices.retrieve("price_missing"));
    assert.equal(missing.param, "price");
    const inline = await h.stripe.prices.create({
      currency: "usd",
      unit_amount: 700,
      product_data: { name: "Inline" },
    });
    assert.match(String(inline.product), /^prod_/);
    const undeletable = await stripeError(() => h.stripe.products.del(product.id));
    assert.equal(undeletable.statusCode, 400);
    const lonely = await h.stripe.products.create({ name: "Lonely" });
    assert.equal((await h.stripe.products.del(lonely.id)).deleted, true);
  });
});

describe("subscriptions", () => {
  it("create with default_payment_method → active, first invoice paid, hosted page and a real PDF", async () => {
    const price = await plan(2000);
    const { customer, pm } = await payingCustomer();
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      default_payment_method: pm.id,
      expand: ["latest_invoice"],
    });
    assert.equal(sub.status, "active");
    assert.equal(sub.default_payment_method, pm.id);
    const item = sub.items.data[0] as Stripe.SubscriptionItem;
    assert.equal(item.price.id, price.id);
    assert.equal(item.current_period_end - item.current_period_start >= 28 * DAY, true);
    assert.equal("current_period_end" in sub, false, "basil moved periods to items");
    const invoice = sub.latest_invoice as Stripe.Invoice;
    assert.equal(invoice.status, "paid");
    assert.equal(invoice.amount_paid, 2000);
    assert.equal(invoice.billing_reason, "subscription_create");
    assert.equal(invoice.parent?.subscription_details?.subscription, sub.id);
    assert.match(String(invoice.number), new RegExp(`^${customer.invoice_prefix}-0001$`));
    assert.equal("payment_intent" in invoice, false, "basil invoices have no payment_intent");
    const page = await fetch(String(invoice.hosted_invoice_url));
    assert.equal(page.status, 200);
    assert.match(await page.text(), /\$20\.00/);
    const pdfRes = await fetch(String(invoice.invoice_pdf));
    assert.equal(pdfRes.headers.get("content-type"), "application/pdf");
    const bytes = new Uint8Array(await pdfRes.arrayBuffer());
    assert.equal(Buffer.from(bytes.slice(0, 5)).toString(), "%PDF-");
    const pdf = await PDFDocument.load(bytes);
    assert.equal(pdf.getPageCount(), 1);
    assert.equal(pdf.getSubject(), invoice.id);
    const withPayments = await h.stripe.invoices.retrieve(invoice.id, { expand: ["payments"] });
    assert.equal(withPayments.payments?.data[0]?.status, "paid");
    const lines = await h.stripe.invoices.listLineItems(invoice.id);
    assert.equal(lines.data[0]?.amount, 2000);
    const list = await h.stripe.invoices.list({ subscription: sub.id });
    assert.equal(list.data.length, 1);
    const noPi = await stripeError(() =>
      h.stripe.subscriptions.retrieve(sub.id, { expand: ["latest_invoice.payment_intent"] }),
    );
    assert.match(noPi.message, /cannot be expanded \(payment_intent\)/);
  });

  it("default_incomplete: the browser pays through latest_invoice.confirmation_secret", async () => {
    const price = await plan(1500);
    const customer = await h.stripe.customers.create({ email: "di@example.com" });
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: "default_incomplete",
      payment_settings: { save_default_payment_method: "on_subscription" },
      expand: ["latest_invoice.confirmation_secret"],
    });
    assert.equal(sub.status, "incomplete");
    const secret = (sub.latest_invoice as Stripe.Invoice).confirmation_secret;
    assert.equal(secret?.type, "payment_intent");
    const piId = String(secret?.client_secret).split("_secret_")[0] as string;
    const pm = await cardPm(h, "4242424242424242");
    const confirmed = await h.pk.paymentIntents.confirm(piId, {
      client_secret: secret?.client_secret,
      payment_method: pm.id,
    } as never);
    assert.equal(confirmed.status, "succeeded");
    const after = await h.stripe.subscriptions.retrieve(sub.id, { expand: ["latest_invoice"] });
    assert.equal(after.status, "active");
    assert.equal((after.latest_invoice as Stripe.Invoice).status, "paid");
    assert.equal(after.default_payment_method, pm.id, "saved on_subscription");
    await h.receiver!.waitFor(
      (r) =>
        r.event.type === "customer.subscription.updated" &&
        r.event.data.object.id === sub.id &&
        r.event.data.object.status === "active",
    );
  });

  it("payment behaviours with a failing card: incomplete, 402 error_if_incomplete, and no-PM 400", async () => {
    const price = await plan(1000);
    const { customer } = await payingCustomer("4000000000000341");
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    assert.equal(sub.status, "incomplete");
    const inv = await h.stripe.invoices.retrieve(String(sub.latest_invoice));
    assert.equal(inv.status, "open");
    assert.equal(inv.attempt_count, 1);
    const err = await stripeError(() =>
      h.stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: price.id }],
        payment_behavior: "error_if_incomplete",
      }),
    );
    assert.equal(err.statusCode, 402);
    assert.equal(err.code, "card_declined");
    assert.equal(
      (await h.stripe.subscriptions.list({ customer: customer.id })).data.length,
      1,
      "no second subscription",
    );
    const bare = await h.stripe.customers.create({});
    const noPm = await stripeError(() =>
      h.stripe.subscriptions.create({ customer: bare.id, items: [{ price: price.id }] }),
    );
    assert.match(noPm.message, /no attached payment source or default payment method/);
    const oneTime = await h.stripe.prices.create({
      currency: "usd",
      unit_amount: 100,
      product_data: { name: "x" },
    });
    const badPrice = await stripeError(() =>
      h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: oneTime.id }] }),
    );
    assert.equal(badPrice.param, "items[0][price]");

    // Paying the open invoice with a good card later activates the subscription.
    const good = await cardPm(h, "4242424242424242");
    await h.stripe.paymentMethods.attach(good.id, { customer: customer.id });
    const paid = await h.stripe.invoices.pay(inv.id, { payment_method: good.id });
    assert.equal(paid.status, "paid");
    assert.equal((await h.stripe.subscriptions.retrieve(sub.id)).status, "active");
    // Unpaid incomplete subscriptions expire after 23 hours.
    const stale = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: "default_incomplete",
    });
    await advance(23 * 3600 + 60);
    const expired = await h.stripe.subscriptions.retrieve(stale.id);
    assert.equal(expired.status, "incomplete_expired");
    assert.equal((await h.stripe.invoices.retrieve(String(expired.latest_invoice))).status, "void");
  });

  it("renews with the clock; a failing card makes it past_due, retries, then cancels", async () => {
    const price = await plan(1000, "month");
    const { customer } = await payingCustomer();
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const firstEnd = (sub.items.data[0] as Stripe.SubscriptionItem).current_period_end;
    await advance(32 * DAY);
    const renewed = await h.stripe.subscriptions.retrieve(sub.id);
    assert.equal(renewed.status, "active");
    assert.equal((renewed.items.data[0] as Stripe.SubscriptionItem).current_period_start, firstEnd);
    const invoices = await h.stripe.invoices.list({ subscription: sub.id });
    assert.equal(invoices.data.length, 2);
    assert.equal(invoices.data[0]?.billing_reason, "subscription_cycle");
    assert.equal(invoices.data[0]?.status, "paid");

    // Swap in the attach-ok-charge-fails card: the next renewal fails.
    const bad = await cardPm(h, "4000000000000341");
    await h.stripe.paymentMethods.attach(bad.id, { customer: customer.id });
    await h.stripe.subscriptions.update(sub.id, { default_payment_method: bad.id });
    await advance(31 * DAY);
    const pastDue = await h.stripe.subscriptions.retrieve(sub.id, { expand: ["latest_invoice"] });
    assert.equal(pastDue.status, "past_due");
    const failedInvoice = pastDue.latest_invoice as Stripe.Invoice;
    assert.equal(failedInvoice.status, "open");
    assert.ok(failedInvoice.next_payment_attempt);
    await h.receiver!.waitFor(
      (r) => r.event.type === "invoice.payment_failed" && r.event.data.object.id === failedInvoice.id,
    );
    await advance(10 * DAY);
    const retried = await h.stripe.invoices.retrieve(failedInvoice.id);
    assert.equal(retried.attempt_count, 4);
    assert.equal((await h.stripe.subscriptions.retrieve(sub.id)).status, "canceled");
  });

  it("changes plans with prorations: create_prorations, always_invoice, none", async () => {
    const basic = await plan(1000, "month", "Basic");
    const pro = await plan(3000, "month", "Pro");
    const { customer } = await payingCustomer();
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }] });
    const itemId = (sub.items.data[0] as Stripe.SubscriptionItem).id;
    await advance(10 * DAY);
    const upgraded = await h.stripe.subscriptions.update(sub.id, {
      items: [{ id: itemId, price: pro.id }],
      proration_behavior: "create_prorations",
    });
    assert.equal(upgraded.items.data[0]?.price.id, pro.id);
    const pending = await h.stripe.invoiceItems.list({ customer: customer.id, pending: true });
    assert.equal(pending.data.length, 2);
    const amounts = pending.data.map((ii) => ii.amount).sort((a, b) => a - b);
    assert.ok((amounts[0] ?? 0) < 0 && (amounts[1] ?? 0) > 0, "a credit and a charge");
    assert.ok(pending.data.every((ii) => ii.proration));
    await h.receiver!.waitFor(
      (r) =>
        r.event.type === "customer.subscription.updated" &&
        r.event.data.object.id === sub.id &&
        Boolean((r.event.data as { previous_attributes?: { items?: unknown } }).previous_attributes?.items),
    );
    // The pending prorations land on the next renewal invoice.
    await advance(21 * DAY);
    const next = (await h.stripe.invoices.list({ subscription: sub.id, limit: 1 })).data[0] as Stripe.Invoice;
    assert.equal(next.billing_reason, "subscription_cycle");
    assert.equal(next.lines.data.length, 3);
    assert.equal(next.total, 3000 + (amounts[0] ?? 0) + (amounts[1] ?? 0));

    const now1 = await h.stripe.subscriptions.update(sub.id, {
      items: [{ id: itemId, price: basic.id }],
      proration_behavior: "always_invoice",
    });
    const downgradeInvoice = await h.stripe.invoices.retrieve(String(now1.latest_invoice));
    assert.equal(downgradeInvoice.billing_reason, "subscription_update");
    assert.ok(downgradeInvoice.total < 0, "a downgrade invoices a credit");
    assert.ok(
      ((await h.stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance < 0,
      "credit goes to the balance",
    );

    const before = (await h.stripe.invoices.list({ customer: customer.id })).data.length;
    await h.stripe.subscriptions.update(sub.id, {
      items: [{ id: itemId, quantity: 3 }],
      proration_behavior: "none",
    });
    assert.equal((await h.stripe.invoiceItems.list({ customer: customer.id, pending: true })).data.length, 0);
    assert.equal((await h.stripe.invoices.list({ customer: customer.id })).data.length, before);
  });

  it("resets the billing cycle anchor (explicitly and on an interval change)", async () => {
    const monthly = await plan(1000, "month", "M");
    const yearly = await plan(10000, "year", "Y");
    const { customer } = await payingCustomer();
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
    });
    await advance(5 * DAY);
    const reset = await h.stripe.subscriptions.update(sub.id, {
      billing_cycle_anchor: "now" as never,
      proration_behavior: "create_prorations",
    });
    const clock = (await h.helper("GET", "/_emulator/clock")).body.now as number;
    assert.ok(Math.abs(reset.billing_cycle_anchor - clock) <= 2);
    const resetInvoice = await h.stripe.invoices.retrieve(String(reset.latest_invoice));
    assert.equal(resetInvoice.billing_reason, "subscription_update");
    assert.equal(resetInvoice.status, "paid");
    assert.ok(resetInvoice.total < 1000, "unused time is credited");
    const toYear = await h.stripe.subscriptions.update(sub.id, {
      items: [{ id: (reset.items.data[0] as Stripe.SubscriptionItem).id, price: yearly.id }],
    });
    const item = toYear.items.data[0] as Stripe.SubscriptionItem;
    assert.ok(item.current_period_end - item.current_period_start >= 365 * DAY);
    assert.equal((await h.stripe.invoices.retrieve(String(toYear.latest_invoice))).status, "paid");
  });

  it("cancels at period end, or now with a prorated credit", async () => {
    const price = await plan(3000);
    const { customer } = await payingCustomer();
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const end = (sub.items.data[0] as Stripe.SubscriptionItem).current_period_end;
    const later = await h.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    assert.equal(later.status, "active");
    assert.equal(later.cancel_at, end);
    assert.equal(later.cancel_at_period_end, true);
    await advance(end - (await h.helper("GET", "/_emulator/clock")).body.now + 60);
    const ended = await h.stripe.subscriptions.retrieve(sub.id);
    assert.equal(ended.status, "canceled");
    assert.equal(ended.ended_at, end);
    assert.equal(
      (await h.stripe.invoices.list({ subscription: sub.id })).data.length,
      1,
      "no further charges",
    );
    await h.receiver!.waitFor(
      (r) => r.event.type === "customer.subscription.deleted" && r.event.data.object.id === sub.id,
    );

    const sub2 = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await advance(15 * DAY);
    const now = await h.stripe.subscriptions.cancel(sub2.id, {
      prorate: true,
      invoice_now: true,
      cancellation_details: { comment: "too pricey" },
    });
    assert.equal(now.status, "canceled");
    assert.equal(now.cancellation_details?.comment, "too pricey");
    const final = (await h.stripe.invoices.list({ subscription: sub2.id, limit: 1 }))
      .data[0] as Stripe.Invoice;
    assert.ok(final.total < 0);
    const again = await stripeError(() => h.stripe.subscriptions.cancel(sub2.id));
    assert.equal(again.statusCode, 400);
    assert.equal((await h.stripe.subscriptions.list({ customer: customer.id })).data.length, 0);
    assert.equal(
      (await h.stripe.subscriptions.list({ customer: customer.id, status: "all" })).data.length,
      2,
    );
  });

  it("pauses collection (renewal invoices voided) and resumes a paused trial", async () => {
    const price = await plan(1000);
    const { customer } = await payingCustomer();
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const paused = await h.stripe.subscriptions.update(sub.id, { pause_collection: { behavior: "void" } });
    assert.equal(paused.pause_collection?.behavior, "void");
    await advance(31 * DAY);
    const voided = (await h.stripe.invoices.list({ subscription: sub.id, limit: 1 }))
      .data[0] as Stripe.Invoice;
    assert.equal(voided.status, "void");
    const resumed = await h.stripe.subscriptions.update(sub.id, { pause_collection: "" as never });
    assert.equal(resumed.pause_collection, null);

    const bare = await h.stripe.customers.create({});
    const trial = await h.stripe.subscriptions.create({
      customer: bare.id,
      items: [{ price: price.id }],
      trial_period_days: 7,
      trial_settings: { end_behavior: { missing_payment_method: "pause" } },
    });
    assert.equal(trial.status, "trialing");
    assert.equal((await h.stripe.invoices.retrieve(String(trial.latest_invoice))).amount_due, 0);
    await advance(5 * DAY);
    await h.receiver!.waitFor(
      (r) => r.event.type === "customer.subscription.trial_will_end" && r.event.data.object.id === trial.id,
    );
    await advance(3 * DAY);
    assert.equal((await h.stripe.subscriptions.retrieve(trial.id)).status, "paused");
    const notPaused = await stripeError(() => h.stripe.subscriptions.resume(sub.id));
    assert.equal(notPaused.statusCode, 400);
    const pm = await cardPm(h, "4242424242424242");
    await h.stripe.paymentMethods.attach(pm.id, { customer: bare.id });
    await h.stripe.customers.update(bare.id, { invoice_settings: { default_payment_method: pm.id } });
    const back = await h.stripe.subscriptions.resume(trial.id, { billing_cycle_anchor: "now" as never });
    assert.equal(back.status, "active");
    assert.equal((await h.stripe.invoices.retrieve(String(back.latest_invoice))).status, "paid");

    // Resuming with the anchor unchanged bills only the rest of the current period.
    const owner = await h.stripe.customers.create({});
    const trial2 = await h.stripe.subscriptions.create({
      customer: owner.id,
      items: [{ price: price.id }],
      trial_period_days: 1,
      trial_settings: { end_behavior: { missing_payment_method: "pause" } },
    });
    await advance(5 * DAY);
    assert.equal((await h.stripe.subscriptions.retrieve(trial2.id)).status, "paused");
    const pm2 = await cardPm(h, "4242424242424242");
    await h.stripe.paymentMethods.attach(pm2.id, { customer: owner.id });
    await h.stripe.subscriptions.update(trial2.id, { default_payment_method: pm2.id });
    const kept = await h.stripe.subscriptions.resume(trial2.id, {
      billing_cycle_anchor: "unchanged" as never,
    });
    assert.equal(kept.status, "active");
    assert.equal(kept.billing_cycle_anchor, trial2.billing_cycle_anchor);
    const stub = await h.stripe.invoices.retrieve(String(kept.latest_invoice));
    assert.equal(stub.status, "paid");
    assert.ok(
      stub.total > 0 && stub.total < 1000,
      `a prorated charge for the partial period (got ${stub.total})`,
    );
  });

  it("older API versions see the legacy invoice and subscription fields", async () => {
    const price = await plan(1000);
    const { customer } = await payingCustomer();
    const sub = await h.stripe.subscriptions.create(
      { customer: customer.id, items: [{ price: price.id }], expand: ["latest_invoice.payment_intent"] },
      { apiVersion: "2024-06-20" },
    );
    const raw = sub as unknown as {
      current_period_end: number;
      latest_invoice: { paid: boolean; payment_intent: { status: string }; subscription: string };
    };
    assert.ok(raw.current_period_end > 0);
    assert.equal(raw.latest_invoice.paid, true);
    assert.equal(raw.latest_invoice.subscription, sub.id);
    assert.equal(raw.latest_invoice.payment_intent.status, "succeeded");
  });

  it("manual invoices: pending items, create, finalize, pay, void and mark uncollectible", async () => {
    const { customer } = await payingCustomer();
    const item = await h.stripe.invoiceItems.create({
      customer: customer.id,
      amount: 1250,
      currency: "usd",
      description: "Setup fee",
    });
    assert.equal(item.invoice, null);
    const draft = await h.stripe.invoices.create({
      customer: customer.id,
      pending_invoice_items_behavior: "include",
    });
    assert.equal(draft.status, "draft");
    assert.equal(draft.total, 1250);
    assert.equal(draft.number, null);
    const open = await h.stripe.invoices.finalizeInvoice(draft.id);
    assert.equal(open.status, "open");
    assert.match(String(open.number), /-\d{4}$/);
    assert.match(String(open.hosted_invoice_url), /\/i\/inv_/);
    const again = await stripeError(() => h.stripe.invoices.finalizeInvoice(draft.id));
    assert.equal(again.statusCode, 400);
    const paid = await h.stripe.invoices.pay(open.id);
    assert.equal(paid.status, "paid");
    assert.equal(paid.amount_paid, 1250);
    const payAgain = await stripeError(() => h.stripe.invoices.pay(open.id));
    assert.equal(payAgain.code, "invoice_already_paid");

    await h.stripe.invoiceItems.create({ customer: customer.id, amount: 500, currency: "usd" });
    const second = await h.stripe.invoices.finalizeInvoice(
      (await h.stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: "include" }))
        .id,
    );
    const voided = await h.stripe.invoices.voidInvoice(second.id);
    assert.equal(voided.status, "void");
    await h.stripe.invoiceItems.create({ customer: customer.id, amount: 700, currency: "usd" });
    const third = await h.stripe.invoices.finalizeInvoice(
      (await h.stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: "include" }))
        .id,
    );
    const bad = await h.stripe.invoices.markUncollectible(third.id);
    assert.equal(bad.status, "uncollectible");
    const listed = await h.stripe.invoices.list({ customer: customer.id, status: "void" });
    assert.deepEqual(
      listed.data.map((i) => i.id),
      [second.id],
    );
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: (await plan(900)).id, quantity: 2 }],
    });
    const items = await h.stripe.subscriptionItems.list({ subscription: sub.id });
    assert.equal(items.data[0]?.quantity, 2);
    const charges = await h.stripe.charges.list({ customer: customer.id });
    assert.ok(charges.data.length >= 2);
    await h.receiver!.waitFor(
      (r) => r.event.type === "invoice.voided" && r.event.data.object.id === second.id,
    );
  });
});
