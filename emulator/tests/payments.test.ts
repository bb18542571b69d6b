/** PaymentIntents, SetupIntents, 3-D Secure, capture, cancel and refunds — every test card outcome. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Stripe } from "./sdk";
import { cardPm, type Harness, SERVER_CONFIRM, setup, stripeError } from "./support";

let h: Harness;
before(async () => {
  h = await setup();
});
after(() => h.close());

async function customerWith(number: string) {
  const customer = await h.stripe.customers.create({ email: `${number}@cards.test` });
  const pm = await cardPm(h, number);
  await h.stripe.paymentMethods.attach(pm.id, { customer: customer.id });
  return { customer, pm };
}

describe("PaymentIntent outcomes by card", () => {
  it("4242: attach + confirm $25 → succeeded with a charge", async () => {
    const { customer, pm } = await customerWith("4242424242424242");
    const pi = await h.stripe.paymentIntents.create({
      amount: 2500,
      currency: "usd",
      customer: customer.id,
      payment_method: pm.id,
      confirm: true,
      ...SERVER_CONFIRM,
    });
    assert.equal(pi.status, "succeeded");
    assert.equal(pi.amount_received, 2500);
    assert.equal(pi.capture_method, "automatic_async");
    assert.match(String(pi.latest_charge), /^ch_/);
    assert.match(pi.client_secret ?? "", new RegExp(`^${pi.id}_secret_`));
    assert.equal("charges" in pi, false, "no charges list since 2022-11-15");
    const charge = await h.stripe.charges.retrieve(String(pi.latest_charge));
    assert.equal(charge.status, "succeeded");
    assert.equal(charge.paid, true);
    assert.equal(charge.payment_method_details?.card?.last4, "4242");
    assert.equal(charge.balance_transaction, null, "automatic_async: no balance transaction right away");
  });

  const declines: Array<[string, string, string, string | undefined]> = [
    ["4000000000000002", "card_declined", "generic_decline", "try_again_later"],
    ["4000000000009995", "card_declined", "insufficient_funds", "try_again_later"],
    ["4000000000009987", "card_declined", "lost_card", "do_not_try_again"],
    ["4000000000009979", "card_declined", "stolen_card", "do_not_try_again"],
    ["4000000000000069", "expired_card", "expired_card", "confirm_card_data"],
    ["4000000000000127", "incorrect_cvc", "incorrect_cvc", "confirm_card_data"],
    ["4000000000000119", "processing_error", "processing_error", "try_again_later"],
  ];
  for (const [number, code, declineCode, advice] of declines) {
    it(`…${number.slice(-4)}: 402 ${code}/${declineCode}, PI back to requires_payment_method`, async () => {
      const pm = await cardPm(h, number);
      const err = await stripeError(() =>
        h.stripe.paymentIntents.create({
          amount: 2500,
          currency: "usd",
          payment_method: pm.id,
          confirm: true,
          ...SERVER_CONFIRM,
        }),
      );
      assert.equal(err.type, "StripeCardError");
      assert.equal(err.statusCode, 402);
      assert.equal(err.code, code);
      assert.equal(err.decline_code, declineCode);
      assert.equal(err.raw.advice_code, advice);
      assert.match(err.raw.charge, /^ch_/);
      const pi = err.raw.payment_intent as Stripe.PaymentIntent;
      assert.equal(pi.status, "requires_payment_method");
      assert.equal(pi.payment_method, null);
      assert.equal(pi.last_payment_error?.decline_code, declineCode);
      assert.equal(pi.last_payment_error?.type, "card_error");
      const charge = await h.stripe.charges.retrieve(err.raw.charge);
      assert.equal(charge.status, "failed");
      assert.equal(charge.failure_code, code);
      // The same PI can be confirmed again with another card.
      const retried = await h.stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" });
      assert.equal(retried.status, "succeeded");
    });
  }

  it("…0341: attach and SetupIntent succeed, the charge fails", async () => {
    const { customer, pm } = await customerWith("4000000000000341");
    const si = await h.stripe.setupIntents.create({
      customer: customer.id,
      payment_method: pm.id,
      confirm: true,
      ...SERVER_CONFIRM,
    });
    assert.equal(si.status, "succeeded");
    const err = await stripeError(() =>
      h.stripe.paymentIntents.create({
        amount: 2500,
        currency: "usd",
        customer: customer.id,
        payment_method: pm.id,
        confirm: true,
        off_session: true,
      }),
    );
    assert.equal(err.statusCode, 402);
    assert.equal(err.code, "card_declined");
  });

  it("…3155 on-session: requires_action with a redirect URL; completing the challenge succeeds", async () => {
    const pm = await cardPm(h, "4000002500003155");
    const pi = await h.stripe.paymentIntents.create({
      amount: 2500,
      currency: "usd",
      payment_method: pm.id,
      confirm: true,
      return_url: "https://app.test/return?x=1#frag",
    });
    assert.equal(pi.status, "requires_action");
    assert.equal(pi.next_action?.type, "redirect_to_url");
    const redirect = pi.next_action?.redirect_to_url;
    assert.equal(redirect?.return_url, "https://app.test/return?x=1#frag");
    const page = await fetch(String(redirect?.url));
    assert.equal(page.status, 200);
    assert.match(await page.text(), /3D Secure 2 Test Page/);
    // Submitting the page's Complete form redirects to return_url with Stripe's parameters.
    const done = await fetch(String(redirect?.url), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "result=succeed",
      redirect: "manual",
    });
    assert.equal(done.status, 303);
    const location = new URL(String(done.headers.get("location")));
    assert.equal(location.searchParams.get("payment_intent"), pi.id);
    assert.equal(location.searchParams.get("payment_intent_client_secret"), pi.client_secret);
    assert.equal(location.searchParams.get("redirect_status"), "succeeded");
    assert.equal(location.searchParams.get("x"), "1");
    assert.equal(location.hash, "#frag");
    assert.equal((await h.stripe.paymentIntents.retrieve(pi.id)).status, "succeeded");
  });

  it("…3155 without return_url (redirects never): use_stripe_sdk next action; failing auth", async () => {
    const pm = await cardPm(h, "4000002500003155");
    const pi = await h.stripe.paymentIntents.create({
      amount: 2500,
      currency: "usd",
      payment_method: pm.id,
      confirm: true,
      ...SERVER_CONFIRM,
    });
    assert.equal(pi.status, "requires_action");
    assert.equal(pi.next_action?.type, "use_stripe_sdk");
    const failed = await h.helper("POST", `/_emulator/payment_intents/${pi.id}/authenticate`, {
      result: "fail",
    });
    assert.equal(failed.status, 200);
    assert.equal(failed.body.status, "requires_payment_method");
    assert.equal(failed.body.last_payment_error.code, "payment_intent_authentication_failure");
    const again = await h.helper("POST", `/_emulator/payment_intents/${pi.id}/authenticate`, {
      result: "succeed",
    });
    assert.equal(again.status, 400, "nothing to authenticate any more");
  });

  it("…3155 off-session: 402 authentication_required before setup, success after an off-session setup", async () => {
    const { customer, pm } = await customerWith("4000002500003155");
    const before = await stripeError(() =>
      h.stripe.paymentIntents.create({
        amount: 2500,
        currency: "usd",
        customer: customer.id,
        payment_method: pm.id,
        confirm: true,
        off_session: true,
      }),
    );
    assert.equal(before.statusCode, 402);
    assert.equal(before.code, "authentication_required");
    assert.equal(before.decline_code, "authentication_required");
    assert.equal(before.raw.payment_intent.status, "requires_payment_method");

    const si = await h.stripe.setupIntents.create({
      customer: customer.id,
      payment_method: pm.id,
      confirm: true,
      usage: "off_session",
      ...SERVER_CONFIRM,
    });
    assert.equal(si.status, "requires_action");
    const done = await h.helper("POST", `/_emulator/setup_intents/${si.id}/authenticate`, {
      result: "succeed",
    });
    assert.equal(done.body.status, "succeeded");
    const later = await h.stripe.paymentIntents.create({
      amount: 2500,
      currency: "usd",
      customer: customer.id,
      payment_method: pm.id,
      confirm: true,
      off_session: true,
    });
    assert.equal(later.status, "succeeded");
  });

  it("…3184: always requires action on-session, and 402 off-session even after setup", async () => {
    const { customer, pm } = await customerWith("4000002760003184");
    const on = await h.stripe.paymentIntents.create({
      amount: 2500,
      currency: "usd",
      customer: customer.id,
      payment_method: pm.id,
      confirm: true,
      return_url: "https://app.test/r",
    });
    assert.equal(on.status, "requires_action");
    const si = await h.stripe.setupIntents.create({
      customer: customer.id,
      payment_method: pm.id,
      confirm: true,
      ...SERVER_CONFIRM,
    });
    await h.helper("POST", `/_emulator/setup_intents/${si.id}/authenticate`, { result: "succeed" });
    const off = await stripeError(() =>
      h.stripe.paymentIntents.create({
        amount: 2500,
        currency: "usd",
        customer: customer.id,
        payment_method: pm.id,
        confirm: true,
        off_session: true,
      }),
    );
    assert.equal(off.code, "authentication_required");
  });

  it("…3178: authentication, then an insufficient-funds decline", async () => {
    const pm = await cardPm(h, "4000008260003178");
    const pi = await h.stripe.paymentIntents.create({
      amount: 2500,
      currency: "usd",
      payment_method: pm.id,
      confirm: true,
      ...SERVER_CONFIRM,
    });
    assert.equal(pi.status, "requires_action");
    const after = await h.helper("POST", `/_emulator/payment_intents/${pi.id}/authenticate`, {
      result: "succeed",
    });
    assert.equal(after.body.status, "requires_payment_method");
    assert.equal(after.body.last_payment_error.decline_code, "insufficient_funds");
  });

  it("works with magic ids and tokens (pm_card_visa, tok_visa)", async () => {
    const a = await h.stripe.paymentIntents.create({
      amount: 999,
      currency: "eur",
      payment_method: "pm_card_visa",
      confirm: true,
      ...SERVER_CONFIRM,
    });
    assert.equal(a.status, "succeeded");
    assert.notEqual(a.payment_method, "pm_card_visa");
    const b = await stripeError(() =>
      h.stripe.paymentIntents.create({
        amount: 999,
        currency: "usd",
        payment_method: "pm_card_visa_chargeDeclinedInsufficientFunds",
        confirm: true,
        ...SERVER_CONFIRM,
      }),
    );
    assert.equal(b.decline_code, "insufficient_funds");
  });
});

describe("PaymentIntent rules", () => {
  it("needs return_url under automatic payment methods unless off_session or redirects are off", async () => {
    const err = await stripeError(() =>
      h.stripe.paymentIntents.create({
        amount: 2500,
        currency: "usd",
        payment_method: "pm_card_visa",
        confirm: true,
      }),
    );
    assert.equal(err.statusCode, 400);
    assert.match(err.message, /A `return_url` must be specified/);
    const ok = await h.stripe.paymentIntents.create({
      amount: 2500,
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: true,
      return_url: "https://app.test/r",
    });
    assert.equal(ok.status, "succeeded");
    const offErr = await stripeError(() =>
      h.stripe.paymentIntents.create({ amount: 2500, currency: "usd", off_session: true }),
    );
    assert.match(offErr.message, /off_session/);
  });

  it("rejects payment_method_types on endive and error_on_requires_action under automatic methods", async () => {
    const err = await stripeError(() =>
      h.stripe.paymentIntents.create({
        amount: 2500,
        currency: "usd",
        payment_method_types: ["card"],
      } as never),
    );
    assert.equal(err.code, "payment_method_types_no_longer_supported");
    const eora = await stripeError(() =>
      h.stripe.paymentIntents.create({
        amount: 2500,
        currency: "usd",
        payment_method: "pm_card_visa",
        confirm: true,
        error_on_requires_action: true,
        return_url: "https://a.test",
      }),
    );
    assert.equal(eora.param, "error_on_requires_action");
  });

  it("older API versions keep payment_method_types, charges and error_on_requires_action", async () => {
    const legacy = {
      paymentIntents: {
        create: (params: unknown) =>
          h.stripe.paymentIntents.create(params as never, { apiVersion: "2022-08-01" }),
      },
    };
    const pi = await legacy.paymentIntents.create({
      amount: 2500,
      currency: "usd",
      payment_method_types: ["card"],
      payment_method: "pm_card_visa",
      confirm: true,
    } as never);
    assert.equal(pi.status, "succeeded");
    assert.equal(pi.capture_method, "automatic");
    assert.equal(pi.automatic_payment_methods, null);
    assert.equal((pi as unknown as { charges: { data: unknown[] } }).charges.data.length, 1);
    const eora = await stripeError(() =>
      legacy.paymentIntents.create({
        amount: 2500,
        currency: "usd",
        payment_method_types: ["card"],
        payment_method: "pm_card_authenticationRequired",
        confirm: true,
        error_on_requires_action: true,
      } as never),
    );
    assert.equal(eora.code, "authentication_required");
    assert.equal(eora.decline_code, "authentication_not_handled");
  });

  it("refuses to confirm a succeeded PI and enforces PaymentMethod reuse rules", async () => {
    const pm = await cardPm(h, "4242424242424242");
    const pi = await h.stripe.paymentIntents.create({
      amount: 2500,
      currency: "usd",
      payment_method: pm.id,
      confirm: true,
      ...SERVER_CONFIRM,
    });
    const again = await stripeError(() => h.stripe.paymentIntents.confirm(pi.id));
    assert.equal(again.code, "payment_intent_unexpected_state");
    const reuse = await stripeError(() =>
      h.stripe.paymentIntents.create({
        amount: 2500,
        currency: "usd",
        payment_method: pm.id,
        confirm: true,
        ...SERVER_CONFIRM,
      }),
    );
    assert.match(reuse.message, /previously used with a PaymentIntent without Customer attachment/);
    const { customer, pm: saved } = await customerWith("4242424242424242");
    const other = await h.stripe.customers.create({});
    const wrongCustomer = await stripeError(() =>
      h.stripe.paymentIntents.create({
        amount: 2500,
        currency: "usd",
        customer: other.id,
        payment_method: saved.id,
        confirm: true,
        ...SERVER_CONFIRM,
      }),
    );
    assert.equal(wrongCustomer.statusCode, 400);
    const ok = await h.stripe.paymentIntents.create({
      amount: 2500,
      currency: "usd",
      customer: customer.id,
      payment_method: saved.id,
      confirm: true,
      ...SERVER_CONFIRM,
    });
    assert.equal(ok.status, "succeeded");
  });

  it("saves the card with setup_future_usage", async () => {
    const customer = await h.stripe.customers.create({});
    const pm = await cardPm(h, "4242424242424242");
    const pi = await h.stripe.paymentIntents.create({
      amount: 2500,
      currency: "usd",
      customer: customer.id,
      payment_method: pm.id,
      setup_future_usage: "off_session",
      confirm: true,
      ...SERVER_CONFIRM,
    });
    assert.equal(pi.status, "succeeded");
    assert.equal((await h.stripe.paymentMethods.retrieve(pm.id)).customer, customer.id);
  });

  it("manual capture: requires_capture, then capture (partial) → succeeded", async () => {
    const pi = await h.stripe.paymentIntents.create({
      amount: 5000,
      currency: "usd",
      capture_method: "manual",
      payment_method: "pm_card_visa",
      confirm: true,
      ...SERVER_CONFIRM,
    });
    assert.equal(pi.status, "requires_capture");
    assert.equal(pi.amount_capturable, 5000);
    const captured = await h.stripe.paymentIntents.capture(pi.id, { amount_to_capture: 4000 });
    assert.equal(captured.status, "succeeded");
    assert.equal(captured.amount_received, 4000);
    const err = await stripeError(() => h.stripe.paymentIntents.capture(pi.id));
    assert.equal(err.code, "payment_intent_unexpected_state");
  });

  it("creates without confirming, updates, confirms later, and cancels open intents", async () => {
    const pi = await h.stripe.paymentIntents.create({
      amount: 1500,
      currency: "usd",
      metadata: { order: "1" },
    });
    assert.equal(pi.status, "requires_payment_method");
    const updated = await h.stripe.paymentIntents.update(pi.id, {
      amount: 1800,
      payment_method: "pm_card_visa",
    });
    assert.equal(updated.status, "requires_confirmation");
    assert.equal(updated.amount, 1800);
    const confirmed = await h.stripe.paymentIntents.confirm(pi.id, { return_url: "https://app.test/r" });
    assert.equal(confirmed.status, "succeeded");
    const cancelErr = await stripeError(() => h.stripe.paymentIntents.cancel(pi.id));
    assert.equal(cancelErr.code, "payment_intent_unexpected_state");
    const open = await h.stripe.paymentIntents.create({ amount: 1500, currency: "usd" });
    const canceled = await h.stripe.paymentIntents.cancel(open.id, {
      cancellation_reason: "requested_by_customer",
    });
    assert.equal(canceled.status, "canceled");
    assert.equal(canceled.cancellation_reason, "requested_by_customer");
    assert.ok(canceled.canceled_at);
  });

  it("lets the browser confirm with a publishable key and the client secret", async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 2500, currency: "usd" });
    const pm = await cardPm(h, "4242424242424242");
    const confirmed = await h.pk.paymentIntents.confirm(pi.id, {
      client_secret: pi.client_secret,
      payment_method: pm.id,
      use_stripe_sdk: true,
    } as never);
    assert.equal(confirmed.status, "succeeded");
    assert.equal("amount_received" in confirmed, false, "reduced view");
  });
});

describe("SetupIntents", () => {
  it("saves a card: succeeded, PM attached, statuses and cancel rules", async () => {
    const customer = await h.stripe.customers.create({});
    const si = await h.stripe.setupIntents.create({ customer: customer.id, ...SERVER_CONFIRM });
    assert.equal(si.status, "requires_payment_method");
    assert.equal(si.usage, "off_session");
    const pm = await cardPm(h, "4242424242424242");
    const confirmed = await h.stripe.setupIntents.confirm(si.id, { payment_method: pm.id });
    assert.equal(confirmed.status, "succeeded");
    assert.match(String(confirmed.latest_attempt), /^setatt_/);
    assert.equal((await h.stripe.paymentMethods.retrieve(pm.id)).customer, customer.id);
    const cancel = await stripeError(() => h.stripe.setupIntents.cancel(si.id));
    assert.equal(cancel.code, "setup_intent_unexpected_state");
    const open = await h.stripe.setupIntents.create({ customer: customer.id });
    const withPm = await h.stripe.setupIntents.update(open.id, {
      payment_method: "pm_card_visa",
      metadata: { a: "b" },
    });
    assert.equal(withPm.status, "requires_confirmation");
    assert.equal((await h.stripe.setupIntents.cancel(open.id)).status, "canceled");
    const list = await h.stripe.setupIntents.list({ customer: customer.id });
    assert.equal(list.data.length, 2);
  });

  it("declines at confirm with last_setup_error and needs return_url under automatic methods", async () => {
    const customer = await h.stripe.customers.create({});
    const si = await h.stripe.setupIntents.create({ customer: customer.id });
    const noReturn = await stripeError(() =>
      h.stripe.setupIntents.confirm(si.id, { payment_method: "pm_card_visa" }),
    );
    assert.match(noReturn.message, /return_url/);
    const pm = await cardPm(h, "4000000000009995");
    const err = await stripeError(() =>
      h.stripe.setupIntents.confirm(si.id, { payment_method: pm.id, return_url: "https://app.test/r" }),
    );
    assert.equal(err.statusCode, 402);
    assert.equal(err.decline_code, "insufficient_funds");
    assert.equal(err.raw.setup_intent.status, "requires_payment_method");
    assert.equal(err.raw.setup_intent.last_setup_error.decline_code, "insufficient_funds");
  });

  it("challenges 3-D Secure cards with a redirect when return_url is given", async () => {
    const si = await h.stripe.setupIntents.create({
      payment_method: "pm_card_authenticationRequired",
      confirm: true,
      return_url: "https://app.test/setup",
    });
    assert.equal(si.status, "requires_action");
    assert.equal(si.next_action?.type, "redirect_to_url");
    const res = await fetch(String(si.next_action?.redirect_to_url?.url), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "result=fail",
      redirect: "manual",
    });
    const location = new URL(String(res.headers.get("location")));
    assert.equal(location.searchParams.get("setup_intent"), si.id);
    assert.equal(location.searchParams.get("redirect_status"), "failed");
    const after = await h.stripe.setupIntents.retrieve(si.id);
    assert.equal(after.last_setup_error?.code, "setup_intent_authentication_failure");
  });
});

describe("refunds", () => {
  it("refunds fully or partly, and refuses more than was charged", async () => {
    const pi = await h.stripe.paymentIntents.create({
      amount: 3000,
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: true,
      ...SERVER_CONFIRM,
    });
    const part = await h.stripe.refunds.create({
      payment_intent: pi.id,
      amount: 1000,
      reason: "requested_by_customer",
    });
    assert.equal(part.status, "succeeded");
    assert.equal(part.amount, 1000);
    const tooMuch = await stripeError(() => h.stripe.refunds.create({ payment_intent: pi.id, amount: 2500 }));
    assert.equal(tooMuch.code, "amount_too_large");
    const rest = await h.stripe.refunds.create({ charge: String(pi.latest_charge) });
    assert.equal(rest.amount, 2000);
    const charge = await h.stripe.charges.retrieve(String(pi.latest_charge));
    assert.equal(charge.refunded, true);
    assert.equal(charge.amount_refunded, 3000);
    const again = await stripeError(() => h.stripe.refunds.create({ payment_intent: pi.id }));
    assert.equal(again.code, "charge_already_refunded");
    const list = await h.stripe.refunds.list({ payment_intent: pi.id });
    assert.equal(list.data.length, 2);
    const tagged = await h.stripe.refunds.update(part.id, { metadata: { ticket: "42" } });
    assert.deepEqual((await h.stripe.refunds.retrieve(part.id)).metadata, { ticket: "42" });
    assert.equal(tagged.id, part.id);
    const open = await h.stripe.paymentIntents.create({ amount: 3000, currency: "usd" });
    const notPaid = await stripeError(() => h.stripe.refunds.create({ payment_intent: open.id }));
    assert.equal(notPaid.statusCode, 400);
  });
});
