import { randomBytes } from "node:crypto";
import { type APIRequestContext, expect, test } from "@playwright/test";

const API = "/api/agents/v1";

async function onboard(request: APIRequestContext) {
  const email = `subs-${randomBytes(5).toString("hex")}@example.com`;
  expect(
    (
      await request.post(`${API}/auth/signup`, {
        data: { email, password: "secret123", name: "Agent Runner" },
      })
    ).status(),
  ).toBe(201);
  const mail = await (await request.get(`/dev/mailbox/messages?to=${encodeURIComponent(email)}`)).json();
  const code = /Verification code: (\S+)/.exec(mail.data[0].text)?.[1];
  const verified = await (
    await request.post(`${API}/auth/verify-email`, { data: { verification_code: code } })
  ).json();
  return { Authorization: `Bearer ${verified.data.access_token}` };
}

async function stripeConfig(request: APIRequestContext, auth: Record<string, string>) {
  return (await (await request.get(`${API}/billing/stripe-config`, { headers: auth })).json()).data as {
    publishable_key: string;
    api_base: string;
  };
}

async function tokenize(request: APIRequestContext, auth: Record<string, string>, number: string) {
  const config = await stripeConfig(request, auth);
  const res = await request.post(`${config.api_base}/v1/payment_methods`, {
    headers: { Authorization: `Basic ${Buffer.from(`${config.publishable_key}:`).toString("base64")}` },
    form: {
      type: "card",
      "card[number]": number,
      "card[exp_month]": "12",
      "card[exp_year]": "2030",
      "card[cvc]": "123",
    },
  });
  expect(res.status()).toBe(200);
  return (await res.json()).id as string;
}

test.describe("subscriptions against the running app and emulator", () => {
  test("list plans, subscribe with 4242, download the first invoice's PDF and a receipt, change plan, cancel", async ({
    request,
  }) => {
    const auth = await onboard(request);
    const plans = (await (await request.get(`${API}/subscriptions/plans`, { headers: auth })).json()).data;
    expect(plans.count).toBe(plans.subscription_plans.length);
    expect(plans.subscription_plans.find((p: { id: number }) => p.id === 10)).toMatchObject({
      name: "Basic Enterprise",
      price: 249,
      period: "monthly",
    });

    // The seed's step 4B, verbatim apart from the card id.
    const pm = await tokenize(request, auth, "4242424242424242");
    const created = await request.post(`${API}/subscriptions`, {
      headers: { ...auth, "Idempotency-Key": `sub-${randomBytes(4).toString("hex")}` },
      data: { plan_id: 10, payment_method_id: pm },
    });
    expect(created.status()).toBe(201);
    const sub = (await created.json()).data;
    expect(sub).toMatchObject({
      status: "active",
      subscription: { plan_id: 10, feature: "enterprise", status: "active" },
    });
    expect(sub.stripe_subscription_id).toMatch(/^sub_/);
    const id = sub.subscription.id as number;

    const status = (await (await request.get(`${API}/subscriptions/${id}/status`, { headers: auth })).json())
      .data;
    expect(status).toMatchObject({
      id,
      plan_id: 10,
      status: "active",
      stripe_subscription_id: sub.stripe_subscription_id,
    });
    expect(Date.parse(status.current_period_end)).toBeGreaterThan(Date.parse(status.current_period_start));

    const invoices = (await (await request.get(`${API}/billing/invoices`, { headers: auth })).json()).data;
    const first = invoices.find((i: { id: string }) => i.id === sub.payment.invoice_id);
    expect(first).toMatchObject({ status: "paid", amount: 249 });
    const pdf = (
      await (await request.get(`${API}/billing/invoices/${first.id}/pdf`, { headers: auth })).json()
    ).data;
    const document = await request.get(pdf.url);
    expect(document.status()).toBe(200);
    expect((await document.body()).subarray(0, 5).toString()).toBe("%PDF-");

    expect(
      (
        await request.post(`${API}/wallet/fund`, {
          headers: auth,
          data: { amount: 25, payment_method_id: pm },
        })
      ).status(),
    ).toBe(200);
    const receipt = (
      await (await request.get(`${API}/billing/invoices`, { headers: auth })).json()
    ).data.find((i: { type: string }) => i.type === "wallet_funding");
    const link = (
      await (await request.get(`${API}/billing/invoices/${receipt.id}/pdf`, { headers: auth })).json()
    ).data;
    const receiptPdf = await request.get(link.url);
    expect(receiptPdf.status()).toBe(200);
    expect(receiptPdf.headers()["content-type"]).toBe("application/pdf");
    expect((await receiptPdf.body()).subarray(0, 5).toString()).toBe("%PDF-");

    const changed = await request.put(`${API}/subscriptions/${id}`, {
      headers: auth,
      data: { new_plan_id: 11 },
    });
    expect(changed.status()).toBe(200);
    expect((await changed.json()).data).toMatchObject({
      subscription: { plan_id: 11 },
      proration: { status: "paid" },
    });

    const canceled = await request.post(`${API}/subscriptions/${id}/cancel`, { headers: auth, data: {} });
    expect(canceled.status()).toBe(200);
    expect((await canceled.json()).data.subscription).toMatchObject({
      status: "active",
      cancel_at_period_end: true,
    });

    // Cancelling again, now, ends it at once (the clock-driven end of period is covered by the integration suite,
    // which owns its emulator: moving this shared emulator's clock would expire other specs' Checkout sessions).
    const ended = await request.post(`${API}/subscriptions/${id}/cancel`, {
      headers: auth,
      data: { immediately: true },
    });
    expect(ended.status()).toBe(200);
    expect((await ended.json()).data.subscription.status).toBe("canceled");
    await expect
      .poll(
        async () =>
          (await (await request.get(`${API}/subscriptions/${id}`, { headers: auth })).json()).data.status,
      )
      .toBe("canceled");
  });

  test("no card: a human pays the checkout_url in a browser, then confirm-checkout activates it", async ({
    page,
    request,
  }) => {
    const auth = await onboard(request);
    const started = await request.post(`${API}/subscriptions`, { headers: auth, data: { plan_id: 2 } });
    expect(started.status()).toBe(200);
    const { checkout_url, session_id } = (await started.json()).data;

    const early = await request.post(`${API}/subscriptions/confirm-checkout`, {
      headers: auth,
      data: { session_id },
    });
    expect(early.status()).toBe(409);

    await page.goto(checkout_url);
    await page.getByTestId("checkout-email").fill("human@example.com");
    await page.getByTestId("card-number").fill("4242 4242 4242 4242");
    await page.getByTestId("card-expiry").fill("12 / 30");
    await page.getByTestId("card-cvc").fill("123");
    await page.getByTestId("billing-name").fill("Pat Human");
    await page.getByTestId("pay-button").click();
    await page.waitForURL(/\/checkout\/success\?session_id=/);

    const confirmed = await request.post(`${API}/subscriptions/confirm-checkout`, {
      headers: auth,
      data: { session_id },
    });
    expect(confirmed.status()).toBe(200);
    expect((await confirmed.json()).data).toMatchObject({
      status: "active",
      subscription: { plan_id: 2, status: "active" },
    });
    const listed = (await (await request.get(`${API}/subscriptions`, { headers: auth })).json()).data;
    expect(listed).toHaveLength(1);
  });
});
