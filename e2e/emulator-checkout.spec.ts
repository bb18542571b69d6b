import { type APIRequestContext, expect, test } from "@playwright/test";

// A person paying on the emulator's hosted Checkout page in Chromium.
const EMULATOR = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 12310}`;
const SECRET = { Authorization: "Bearer sk_test_e2e_checkout" };

async function createSession(request: APIRequestContext, baseURL: string, unitAmount: number) {
  const res = await request.post(`${EMULATOR}/v1/checkout/sessions`, {
    headers: SECRET,
    form: {
      mode: "payment",
      "line_items[0][price_data][currency]": "usd",
      "line_items[0][price_data][unit_amount]": String(unitAmount),
      "line_items[0][price_data][product_data][name]": "Agent credits",
      "line_items[0][quantity]": "1",
      customer_email: "person@example.com",
      success_url: `${baseURL}/dev/stripe-demo?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${baseURL}/dev/stripe-demo?checkout=cancel`,
    },
  });
  expect(res.status()).toBe(200);
  return (await res.json()) as { id: string; url: string };
}

async function sessionStatus(request: APIRequestContext, id: string) {
  const res = await request.get(`${EMULATOR}/v1/checkout/sessions/${id}`, { headers: SECRET });
  return (await res.json()) as { status: string; payment_status: string; payment_intent: string | null };
}

test.describe("hosted Checkout page (emulator)", () => {
  test("a declined card shows Stripe's message; a good card pays and returns to success_url", async ({
    page,
    request,
    baseURL,
  }) => {
    const session = await createSession(request, String(baseURL), 2500);
    await page.goto(session.url);
    await expect(page.getByTestId("checkout-total")).toHaveText("$25.00");
    await expect(page.getByTestId("checkout-email")).toHaveValue("person@example.com");

    await page.getByTestId("card-number").fill("4000 0000 0000 0002");
    await page.getByTestId("card-expiry").fill("12 / 34");
    await page.getByTestId("card-cvc").fill("123");
    await page.getByTestId("billing-name").fill("Pat Person");
    await page.getByTestId("billing-postal").fill("94103");
    await page.getByTestId("pay-button").click();
    await expect(page.getByTestId("checkout-error")).toHaveText("Your card was declined.");
    expect((await sessionStatus(request, session.id)).status).toBe("open");

    await page.getByTestId("card-number").fill("4242 4242 4242 4242");
    await page.getByTestId("card-cvc").fill("123");
    await page.getByTestId("pay-button").click();
    await page.waitForURL(`**/dev/stripe-demo?checkout=success&session_id=${session.id}`);
    const done = await sessionStatus(request, session.id);
    expect(done.status).toBe("complete");
    expect(done.payment_status).toBe("paid");
    expect(done.payment_intent).toMatch(/^pi_/);
  });

  test("3-D Secure: the challenge page, then back to success_url", async ({ page, request, baseURL }) => {
    const session = await createSession(request, String(baseURL), 1000);
    await page.goto(session.url);
    await page.getByTestId("card-number").fill("4000002500003155");
    await page.getByTestId("card-expiry").fill("1234");
    await page.getByTestId("card-cvc").fill("123");
    await page.getByTestId("billing-name").fill("Pat Person");
    await page.getByTestId("pay-button").click();
    await expect(page.getByText("3D Secure 2 Test Page")).toBeVisible();
    await expect(page.getByTestId("3ds-amount")).toHaveText("$10.00");
    await page.getByTestId("3ds-complete").click();
    await page.waitForURL(`**session_id=${session.id}`);
    expect((await sessionStatus(request, session.id)).payment_status).toBe("paid");
  });

  test("a failed challenge returns to the page with an error; Back goes to cancel_url", async ({
    page,
    request,
    baseURL,
  }) => {
    const session = await createSession(request, String(baseURL), 1000);
    await page.goto(session.url);
    await page.getByTestId("card-number").fill("4000002760003184");
    await page.getByTestId("card-expiry").fill("12/34");
    await page.getByTestId("card-cvc").fill("123");
    await page.getByTestId("billing-name").fill("Pat Person");
    await page.getByTestId("pay-button").click();
    await page.getByTestId("3ds-fail").click();
    await expect(page.getByTestId("checkout-error")).toContainText("unable to authenticate");
    await page.getByTestId("cancel-link").click();
    await page.waitForURL("**/dev/stripe-demo?checkout=cancel");
    expect((await sessionStatus(request, session.id)).status).toBe("open");
  });
});
