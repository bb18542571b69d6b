import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { API, onboard, tokenize } from "./support/agent-api";

test.describe("headless billing against the running app and emulator", () => {
  test("seed steps 1–4A: fund $25, replay with the same Idempotency-Key, decline and 3-D Secure bodies", async ({
    request,
  }) => {
    const { auth } = await onboard(request);
    const pm = await tokenize(request, auth, "4242424242424242");
    const headers = { ...auth, "Idempotency-Key": `fund-25-${randomBytes(4).toString("hex")}` };

    const funded = await request.post(`${API}/wallet/fund`, {
      headers,
      data: { amount: 25, payment_method_id: pm },
    });
    expect(funded.status()).toBe(200);
    const body = await funded.json();
    expect(body.data.balance).toBe(25);

    const replay = await request.post(`${API}/wallet/fund`, {
      headers,
      data: { amount: 25, payment_method_id: pm },
    });
    expect(replay.status()).toBe(200);
    expect(replay.headers()["idempotent-replayed"]).toBe("true");
    const replayed = await replay.json();
    expect(replayed.idempotency_replay).toBe(true);
    expect(replayed.data).toEqual(body.data);
    expect((await (await request.get(`${API}/wallet/balance`, { headers: auth })).json()).data.balance).toBe(
      25,
    );

    const declined = await request.post(`${API}/wallet/fund`, {
      headers: auth,
      data: { amount: 25, payment_method_id: await tokenize(request, auth, "4000000000000002") },
    });
    expect(declined.status()).toBe(402);
    const decline = await declined.json();
    expect(decline.data).toBeNull();
    expect(decline.error).toMatchObject({
      code: "payment_declined",
      message: "Your card was declined.",
      details: { decline_code: "generic_decline" },
    });
    expect(decline.error.details.payment_intent_id).toMatch(/^pi_/);

    const challenged = await request.post(`${API}/wallet/fund`, {
      headers: auth,
      data: { amount: 25, payment_method_id: await tokenize(request, auth, "4000002500003155") },
    });
    expect(challenged.status()).toBe(202);
    const action = (await challenged.json()).data;
    expect(action.payment).toMatchObject({ status: "requires_action" });
    expect(action.payment.client_secret).toMatch(/^pi_.+_secret_/);
    expect(action.message).toMatch(/authentication/i);
  });

  test("3-D Secure hand-off: a human authenticates in the browser and the waiting agent wakes with succeeded", async ({
    page,
    request,
  }) => {
    const { auth } = await onboard(request);
    const challenged = await request.post(`${API}/wallet/fund`, {
      headers: auth,
      data: { amount: 30, payment_method_id: await tokenize(request, auth, "4000002760003184") },
    });
    expect(challenged.status()).toBe(202);
    const { payment_intent_id: pi, next_action_url: url } = (await challenged.json()).data.payment;

    // The agent starts waiting before the human acts.
    const waiting = request.get(`${API}/payments/${pi}/status?wait=30`, { headers: auth, timeout: 40_000 });

    await page.goto(new URL(url).pathname);
    await expect(page.getByRole("heading", { name: "Authentication needed" })).toBeVisible();
    await expect(page.getByTestId("payment-amount")).toHaveText("$30.00 USD");
    // The challenge runs in place through Stripe.js (the emulator's stand-in locally).
    await page.getByRole("button", { name: "Authenticate payment" }).click();
    await page.frameLocator('[data-testid="stripe-3ds-frame"]').getByTestId("3ds-complete").click();
    await expect(page.getByRole("heading", { name: "Payment complete" })).toBeVisible();

    const status = await (await waiting).json();
    expect(status.data.status).toBe("succeeded");
    expect((await (await request.get(`${API}/wallet/balance`, { headers: auth })).json()).data.balance).toBe(
      30,
    );
  });

  test("3-D Secure through the bank's page (redirect), failed by the human → the agent hears failed, nothing credited", async ({
    page,
    request,
  }) => {
    const { auth } = await onboard(request);
    const challenged = await request.post(`${API}/wallet/fund`, {
      headers: auth,
      data: { amount: 12, payment_method_id: await tokenize(request, auth, "4000002500003155") },
    });
    const { payment_intent_id: pi, next_action_url: url } = (await challenged.json()).data.payment;
    await page.goto(new URL(url).pathname);
    await page.getByRole("link", { name: "Or continue on your bank's page" }).click();
    await page.getByTestId("3ds-fail").click();
    await expect(page.getByRole("heading", { name: "Payment failed" })).toBeVisible();
    const status = await (await request.get(`${API}/payments/${pi}/status`, { headers: auth })).json();
    expect(status.data.status).toBe("failed");
    expect((await (await request.get(`${API}/wallet/balance`, { headers: auth })).json()).data.balance).toBe(
      0,
    );
  });

  test("an unknown payment link shows a clear page", async ({ page }) => {
    await page.goto("/pay/authenticate/pi_doesnotexist");
    await expect(page.getByRole("heading", { name: "Payment not found" })).toBeVisible();
  });
});

test("fund without a card: a human pays the Checkout page and lands on the success page", async ({
  page,
  request,
}) => {
  const { auth } = await onboard(request);
  const res = await request.post(`${API}/wallet/fund`, { headers: auth, data: { amount: 15 } });
  expect(res.status()).toBe(200);
  const { checkout_url, session_id } = (await res.json()).data;
  expect(session_id).toMatch(/^cs_/);

  await page.goto(checkout_url);
  await page.getByTestId("checkout-email").fill("human@example.com");
  await page.getByTestId("card-number").fill("4242 4242 4242 4242");
  await page.getByTestId("card-expiry").fill("12 / 30");
  await page.getByTestId("card-cvc").fill("123");
  await page.getByTestId("billing-name").fill("Pat Human");
  await page.getByTestId("pay-button").click();
  await expect(page.getByRole("heading", { name: "Payment received" })).toBeVisible();
  await expect(page.getByTestId("session-id")).toHaveText(session_id);
  await expect(page.getByTestId("checkout-paid")).toContainText("$15.00");

  // The success page, the webhook and a reload all credit the same session once.
  await page.reload();
  await expect(page.getByTestId("checkout-paid")).toContainText("$15.00");
  expect((await (await request.get(`${API}/wallet/balance`, { headers: auth })).json()).data.balance).toBe(
    15,
  );
});
