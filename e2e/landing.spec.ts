import { expect, type Page, test } from "@playwright/test";

const STEP_TITLES = [
  "Create an account",
  "Verify the email, headlessly",
  "Tokenize a card with Stripe",
  "Fund the wallet or subscribe",
  "Generate content",
];

/** Records every request whose host is not 127.0.0.1: the page must work with no network at all. */
function collectForeignRequests(page: Page): string[] {
  const foreign: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol === "data:" || url.protocol === "blob:") return;
    if (url.hostname !== "127.0.0.1") foreign.push(request.url());
  });
  return foreign;
}

test.describe("landing page", () => {
  test("explains Onramp and lists the five quickstart calls for this host", async ({ page }) => {
    const foreign = collectForeignRequests(page);
    // Hydration mismatches and failed loads surface here first.
    const consoleErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(error.message));
    await page.goto("/");
    const origin = new URL(page.url()).origin;
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    await expect(page).toHaveTitle(/Onramp/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "From zero to generating in five HTTP calls",
    );

    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Quickstart" })).toHaveAttribute("href", "/#quickstart");
    await expect(nav.getByRole("link", { name: "Dashboard" })).toHaveAttribute("href", "/dashboard");
    await expect(nav.getByRole("link", { name: "API" })).toHaveAttribute("href", "/docs/api");
    await expect(nav.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/login");

    const steps = page.getByTestId("quickstart-step");
    await expect(steps).toHaveCount(5);
    await expect(steps.getByRole("heading", { level: 3 })).toHaveText(
      STEP_TITLES.map((title, index) => `Step ${index + 1}: ${title}`),
    );

    const signup = steps.nth(0).locator("pre");
    await expect(signup).toHaveText(
      [
        `curl --request POST '${origin}/api/agents/v1/auth/signup' \\`,
        `  --header 'Content-Type: application/json' \\`,
        `  --data '{`,
        `    "email": "agent@example.com",`,
        `    "password": "secret123",`,
        `    "name": "Agent Runner"`,
        `  }'`,
      ].join("\n"),
    );
    await expect(steps.nth(1).locator("pre")).toContainText(`'${origin}/api/agents/v1/auth/verify-email'`);
    await expect(steps.nth(2).locator("pre").first()).toContainText(
      `'${origin}/api/agents/v1/billing/stripe-config'`,
    );
    await expect(steps.nth(2).locator("pre").nth(1)).toContainText(`"$STRIPE_API_BASE/v1/payment_methods"`);
    await expect(steps.nth(2)).toContainText("api_base");
    await expect(steps.nth(3).locator("pre").first()).toContainText(`'${origin}/api/agents/v1/wallet/fund'`);
    await expect(steps.nth(3).locator("pre").nth(1)).toContainText(`'${origin}/api/agents/v1/subscriptions'`);
    await expect(steps.nth(4).locator("pre")).toContainText(`'${origin}/api/v6/images/text2img'`);

    // The seed's host must be fully replaced: a pasted command never reaches modelslab.com.
    for (const text of await page.locator("pre").allTextContents()) {
      expect(text).not.toContain("modelslab.com");
    }

    await expect(page.locator("#human-assisted pre").first()).toContainText(
      `'${origin}/api/agents/v1/billing/payment-link'`,
    );
    await expect(page.locator("#human-assisted")).toContainText(
      `'${origin}/api/agents/v1/wallet/confirm-checkout'`,
    );
    for (const feature of ["Exactly-once money", "Resumable 3-D Secure", "Approvals", "Offline test mode"]) {
      await expect(page.getByRole("heading", { level: 3, name: feature })).toBeVisible();
    }
    await expect(page.getByRole("heading", { level: 2, name: "Run it yourself" })).toBeVisible();
    await expect(page.getByText("npm install && npm start", { exact: true })).toBeVisible();

    expect(foreign).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  test("copies a command to the clipboard, by mouse and by keyboard", async ({ page, context }) => {
    const foreign = collectForeignRequests(page);
    await page.goto("/");
    const origin = new URL(page.url()).origin;
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });

    const step1 = page.getByTestId("quickstart-step").nth(0);
    const copySignup = step1.getByRole("button", { name: "Copy signup command" });
    await copySignup.click();
    await expect(step1.getByRole("button", { name: "Copied signup command" })).toBeVisible();
    await expect(step1.getByRole("status")).toHaveText("Copied the signup command to the clipboard");
    const expected = await step1.locator("pre").textContent();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
    // The feedback is temporary, so the button is ready for the next copy.
    await expect(step1.getByRole("button", { name: "Copy signup command" })).toBeVisible({ timeout: 5000 });

    const step5 = page.getByTestId("quickstart-step").nth(4);
    const copyGenerate = step5.getByRole("button", { name: "Copy text-to-image command" });
    await copyGenerate.focus();
    await page.keyboard.press("Enter");
    await expect(step5.getByRole("button", { name: "Copied text-to-image command" })).toBeFocused();
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    expect(clipboard).toContain(`'${origin}/api/v6/images/text2img'`);
    expect(clipboard).toBe(await step5.locator("pre").textContent());

    expect(foreign).toEqual([]);
  });

  test("fits a 375 px wide screen without horizontal scrolling", async ({ page }) => {
    const foreign = collectForeignRequests(page);
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(375);
    // Long commands scroll inside their own block instead of widening the page.
    const signup = page.getByTestId("quickstart-step").nth(0).locator("pre");
    const overflow = await signup.evaluate((pre) => ({ scroll: pre.scrollWidth, client: pre.clientWidth }));
    expect(overflow.scroll).toBeGreaterThan(overflow.client);
    await expect(page.getByRole("link", { name: "Sign in" })).toBeInViewport();

    expect(foreign).toEqual([]);
  });

  test("uses the forwarded host and refuses a malformed one", async ({ request }) => {
    const proxied = await request.get("/", {
      headers: { "x-forwarded-host": "onramp.example.com", "x-forwarded-proto": "https" },
    });
    expect(proxied.status()).toBe(200);
    const proxiedHtml = await proxied.text();
    expect(proxiedHtml).toContain("https://onramp.example.com/api/agents/v1/auth/signup");

    const spoofed = await request.get("/", {
      headers: { "x-forwarded-host": "evil.example'; rm -rf ~; echo '" },
    });
    expect(spoofed.status()).toBe(200);
    const spoofedHtml = await spoofed.text();
    expect(spoofedHtml).not.toContain("rm -rf");
    expect(spoofedHtml).toMatch(/http:\/\/127\.0\.0\.1:\d+\/api\/agents\/v1\/auth\/signup/);
  });
});
