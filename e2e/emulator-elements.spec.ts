import { expect, type Page, test } from "@playwright/test";

// @stripe/react-stripe-js <Elements> + <CardElement> on the app's demo page, against the
// emulator's Stripe.js stand-in: PaymentMethod creation in the card iframe, then 3-D Secure.
const EMULATOR = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 12310}`;

async function cardReady(page: Page) {
  await expect(page.locator('[data-testid="demo-card"][data-ready="true"]')).toHaveCount(1);
}

async function fillCard(page: Page, number: string) {
  await cardReady(page);
  const card = page.frameLocator('iframe[data-stripe-emulator-frame="card"]');
  await card.getByTestId("card-number").fill(number);
  await card.getByTestId("card-expiry").fill("1234");
  await card.getByTestId("card-cvc").fill("123");
  await card.getByTestId("card-postal").fill("94103");
}

async function paymentIntent(page: Page, id: string) {
  const res = await page.request.get(`${EMULATOR}/v1/payment_intents/${id}`, {
    headers: { Authorization: "Bearer sk_test_e2e_elements" },
  });
  return (await res.json()) as { status: string; amount: number; payment_method: string | null };
}

test.describe("Stripe.js stand-in with @stripe/react-stripe-js", () => {
  test("creates a PaymentMethod in the card iframe and confirms a 3-D Secure payment", async ({ page }) => {
    const warnings: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() === "warning" || msg.type() === "error") warnings.push(msg.text());
    });
    await page.goto("/dev/stripe-demo");
    await fillCard(page, "4000 0025 0000 3155");
    await page.getByTestId("demo-pay").click();

    const challenge = page.frameLocator('[data-testid="stripe-3ds-frame"]');
    await expect(challenge.getByText("3D Secure 2 Test Page")).toBeVisible();
    await challenge.getByTestId("3ds-complete").click();

    await expect(page.getByTestId("demo-status")).toHaveText("succeeded");
    const id = await page.getByTestId("demo-payment-intent").textContent();
    const pi = await paymentIntent(page, String(id));
    expect(pi.status).toBe("succeeded");
    expect(pi.amount).toBe(2500);
    expect(pi.payment_method).toMatch(/^pm_/);
    expect(warnings.filter((w) => w.includes("@stripe/stripe-js"))).toEqual([]);
  });

  test("server-side confirmation, then handleNextAction; a failed challenge is an error", async ({
    page,
  }) => {
    await page.goto("/dev/stripe-demo");
    await page.getByTestId("demo-server-confirm").check();
    await fillCard(page, "4000002760003184");
    await page.getByTestId("demo-pay").click();
    await page.frameLocator('[data-testid="stripe-3ds-frame"]').getByTestId("3ds-fail").click();
    await expect(page.getByTestId("demo-error")).toHaveText(
      "We are unable to authenticate your payment method. Please choose a different payment method and try again.",
    );
  });

  test("declines and validation errors come back as Stripe.js reports them", async ({ page }) => {
    await page.goto("/dev/stripe-demo");
    await cardReady(page);
    const card = page.frameLocator('iframe[data-stripe-emulator-frame="card"]');
    await card.getByTestId("card-number").fill("4242424242424241");
    await expect(page.getByTestId("demo-card-error")).toHaveText("Your card number is invalid.");
    await fillCard(page, "4000000000009995");
    await expect(page.getByTestId("demo-card-error")).toHaveCount(0);
    await page.getByTestId("demo-pay").click();
    await expect(page.getByTestId("demo-error")).toHaveText("Your card has insufficient funds.");
    await fillCard(page, "4242424242424242");
    await page.getByTestId("demo-pay").click();
    await expect(page.getByTestId("demo-status")).toHaveText("succeeded");
  });

  test("what is typed before the card frame's script has loaded still reaches the page", async ({ page }) => {
    let release: () => void = () => {};
    const loaded = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route("**/elements/frame.js", async (route) => {
      await loaded;
      await route.continue();
    });
    await page.goto("/dev/stripe-demo");
    const card = page.frameLocator('iframe[data-stripe-emulator-frame="card"]');
    await card.getByTestId("card-number").fill("4242424242424241");
    await expect(page.locator('[data-testid="demo-card"][data-ready="true"]')).toHaveCount(0);
    release();
    await expect(page.getByTestId("demo-card-error")).toHaveText("Your card number is invalid.");
    await expect(card.getByTestId("card-number")).toHaveValue("4242 4242 4242 4241");
  });

  test("confirmCardSetup saves a card through the Card Element", async ({ page }) => {
    await page.goto("/dev/stripe-demo");
    await fillCard(page, "4242424242424242");
    await page.getByTestId("demo-save").click();
    await expect(page.getByTestId("demo-status")).toHaveText("succeeded");
    await expect(page.getByTestId("demo-payment-intent")).toHaveText(/^seti_/);
  });

  test("Payment Element (deferred): elements.submit() validates, confirmPayment pays", async ({ page }) => {
    await page.goto("/dev/stripe-demo");
    await page.getByTestId("pe-submit").click();
    await expect(page.getByTestId("pe-error")).toHaveText("Your card number is incomplete.");
    const frame = page.getByTestId("pe-element").frameLocator("iframe");
    await frame.getByTestId("card-number").fill("4242424242424242");
    await frame.getByTestId("card-expiry").fill("1234");
    await frame.getByTestId("card-cvc").fill("123");
    await frame.getByTestId("card-postal").fill("94103");
    await page.getByTestId("pe-submit").click();
    await expect(page.getByTestId("pe-status")).toHaveText("succeeded");
  });

  test("Payment Element: 3-D Secure in the modal, then the redirect to return_url", async ({ page }) => {
    await page.goto("/dev/stripe-demo");
    const frame = page.getByTestId("pe-element").frameLocator("iframe");
    await frame.getByTestId("card-number").fill("4000002760003184");
    await frame.getByTestId("card-expiry").fill("1234");
    await frame.getByTestId("card-cvc").fill("123");
    await frame.getByTestId("card-postal").fill("94103");
    await page.getByTestId("pe-redirect").check();
    await page.getByTestId("pe-submit").click();
    await page.frameLocator('[data-testid="stripe-3ds-frame"]').getByTestId("3ds-complete").click();
    await page.waitForURL(/redirect_status=succeeded/);
    await expect(page.getByTestId("demo-redirect-status")).toHaveText("succeeded");
    const id = await page.getByTestId("demo-redirect-intent").textContent();
    expect((await paymentIntent(page, String(id))).status).toBe("succeeded");
  });

  test("Payment Element (setup): confirmSetup with a card that asks for 3-D Secure", async ({ page }) => {
    await page.goto("/dev/stripe-demo");
    const frame = page.getByTestId("pe-setup-element").frameLocator("iframe");
    await frame.getByTestId("card-number").fill("4000002500003155");
    await frame.getByTestId("card-expiry").fill("1234");
    await frame.getByTestId("card-cvc").fill("123");
    await frame.getByTestId("card-postal").fill("94103");
    await page.getByTestId("pe-setup-submit").click();
    await page.frameLocator('[data-testid="stripe-3ds-frame"]').getByTestId("3ds-complete").click();
    await expect(page.getByTestId("pe-setup-status")).toHaveText("succeeded");
  });
});
