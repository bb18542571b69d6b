import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { API, fillCard, PASSWORD, screenshots, signIn, verifiedAccount } from "./dashboard-support";

const DASHBOARD_PAGES = [
  { path: "/dashboard", heading: /^Hello, / },
  { path: "/dashboard/wallet", heading: "Wallet" },
  { path: "/dashboard/payment-methods", heading: "Payment methods" },
  { path: "/dashboard/plans", heading: "Plans" },
  { path: "/dashboard/invoices", heading: "Invoices" },
  { path: "/dashboard/api-keys", heading: "API keys" },
  { path: "/dashboard/agents", heading: "Agents and tokens" },
  { path: "/dashboard/approvals", heading: "Approvals" },
  { path: "/dashboard/settings", heading: "Settings" },
];

const SIGNED_OUT_PAGES = [
  { path: "/login", heading: "Sign in to Onramp" },
  { path: "/signup", heading: "Create your Onramp account" },
  { path: "/forgot-password", heading: "Reset your password" },
  { path: "/reset-password?token=t&email=a%40example.com", heading: "Choose a new password" },
];

/** Serious and critical axe findings on the page (WCAG 2.1 A/AA rules and best practices). */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${page.url()} ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
}

test.describe("dashboard pages: accessibility and screenshots at 1280 and 375 px", () => {
  test("signed-out pages", async ({ page }, testInfo) => {
    const problems: string[] = [];
    for (const p of SIGNED_OUT_PAGES) {
      await page.goto(p.path);
      await expect(page.getByRole("heading", { level: 1, name: p.heading })).toBeVisible();
      problems.push(...(await seriousViolations(page)));
      await screenshots(page, testInfo, p.path.slice(1).split("?")[0] ?? "page");
    }
    expect(problems).toEqual([]);
  });

  test("every dashboard page, empty and then with data", async ({ page, request }, testInfo) => {
    test.setTimeout(180_000);
    const { email } = await verifiedAccount(request, "Robin Tester");
    await signIn(page, email);
    const problems: string[] = [];
    for (const p of DASHBOARD_PAGES) {
      await page.goto(p.path);
      await expect(page.getByRole("heading", { level: 1, name: p.heading })).toBeVisible();
      problems.push(...(await seriousViolations(page)));
      await screenshots(page, testInfo, `empty${p.path.replaceAll("/", "-")}`);
    }

    // Some data: a card, $25, an agent signed in, a second key.
    await page.goto("/dashboard/wallet");
    await fillCard(page, "fund-card", "4242 4242 4242 4242");
    await page.getByTestId("fund-submit").click();
    await expect(page.getByTestId("wallet-balance")).toHaveText("$25.00");
    const login = await request.post(`${API}/auth/login`, {
      data: { email, password: PASSWORD, device_name: "nightly-batch" },
    });
    expect(login.status()).toBe(200);
    await page.goto("/dashboard/api-keys");
    await page.getByTestId("key-name").fill("render-worker");
    await page.getByTestId("key-create").click();
    await expect(page.getByTestId("new-key-value")).toBeVisible();
    problems.push(...(await seriousViolations(page)));
    await screenshots(page, testInfo, "api-keys-new-key");

    for (const p of DASHBOARD_PAGES) {
      await page.goto(p.path);
      await expect(page.getByRole("heading", { level: 1, name: p.heading })).toBeVisible();
      problems.push(...(await seriousViolations(page)));
      await screenshots(page, testInfo, `data${p.path.replaceAll("/", "-")}`);
    }
    expect(problems).toEqual([]);
  });

  test("keyboard: the skip link, the dashboard nav and a form work without a mouse", async ({
    page,
    request,
  }) => {
    const { email } = await verifiedAccount(request);
    await signIn(page, email);
    await page.reload();
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
    const nav = page.getByRole("navigation", { name: "Dashboard" });
    await nav.getByRole("link", { name: "API keys" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL("**/dashboard/api-keys");
    await expect(nav.getByRole("link", { name: "API keys" })).toHaveAttribute("aria-current", "page");
    await page.getByTestId("key-name").focus();
    await page.keyboard.type("typed-by-keyboard");
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("new-key-value")).toBeVisible();
    await expect(page.getByTestId("new-key")).toBeFocused();
  });
});
