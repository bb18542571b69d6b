import { expect, type Page, test } from "@playwright/test";
import { API, signIn, verifiedAccount } from "./dashboard-support";

/** CSP refusals, page errors and requests that leave this machine. */
function watch(page: Page) {
  const problems: string[] = [];
  const foreign: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) problems.push(msg.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol === "data:" || url.protocol === "blob:") return;
    if (url.hostname !== "127.0.0.1") foreign.push(request.url());
  });
  return { problems, foreign };
}

/** The same-origin scripts a page loads. */
async function scriptsOf(page: Page, path: string): Promise<string[]> {
  const scripts: string[] = [];
  const listener = (r: { resourceType(): string; url(): string }) => {
    if (r.resourceType() === "script") scripts.push(r.url());
  };
  page.on("request", listener);
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  page.off("request", listener);
  return scripts;
}

test.describe("API reference", () => {
  // The renderer parses and lays out every operation in the browser: seconds on a busy CI machine.
  test.describe.configure({ timeout: 180_000 });

  test("/docs/api renders the OpenAPI document under the strict CSP, bundled, with no request off this machine", async ({
    page,
  }) => {
    const { problems, foreign } = watch(page);
    const response = await page.goto("/docs/api");
    expect(response?.status()).toBe(200);
    const csp = response?.headers()["content-security-policy"] ?? "";
    expect(csp).toContain("script-src 'self' 'nonce-");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toContain("strict-dynamic");
    await expect(page).toHaveTitle(/API reference/);

    const reference = page.getByTestId("api-reference");
    await expect(reference.getByRole("heading", { name: "Onramp agents API" }).first()).toBeVisible({
      timeout: 120_000,
    });
    // The document's tags and operations (the renderer lays out sections lazily, so only what
    // the first screen and the sidebar hold is checked).
    for (const tag of ["auth", "wallet", "billing", "subscriptions"]) {
      await expect(reference.getByText(tag, { exact: true }).first()).toBeAttached();
    }
    await expect(reference.getByText(/list the account's keys/).first()).toBeAttached();
    await expect(page.getByText("Ask AI")).toHaveCount(0);

    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });

  test("linked from the landing page, the footer and the dashboard", async ({ page, request }) => {
    await page.goto("/");
    await page
      .getByRole("main")
      .getByRole("link", { name: /API reference/ })
      .click();
    await page.waitForURL("**/docs/api");
    await expect(page.getByRole("contentinfo").getByRole("link", { name: "API reference" })).toHaveAttribute(
      "href",
      "/docs/api",
    );
    const { email } = await verifiedAccount(request);
    await signIn(page, email);
    await expect(page.getByTestId("dashboard-api-reference")).toHaveAttribute("href", "/docs/api");
  });

  test("the renderer stays off other pages' bundles", async ({ page }) => {
    const own = await scriptsOf(page, "/docs/api");
    const landing = await scriptsOf(page, "/");
    const onlyOnReference = own.filter((url) => !landing.includes(url));
    expect(onlyOnReference.length).toBeGreaterThan(0);
    for (const url of landing) {
      const body = await (await page.request.get(url)).text();
      expect(body.includes("createApiReference"), `${url} carries the renderer`).toBe(false);
    }
    const ownBodies = await Promise.all(own.map(async (url) => (await page.request.get(url)).text()));
    expect(ownBodies.some((body) => body.includes("createApiReference"))).toBe(true);
  });

  test("openapi.json, changelog, llms.txt, robots.txt and the icons are served", async ({ request }) => {
    const doc = await request.get(`${API}/openapi.json`);
    expect(doc.status()).toBe(200);
    const openapi = await doc.json();
    expect(openapi.openapi).toBe("3.1.0");
    expect(openapi.paths["/wallet/fund"].post["x-required-scope"]).toBe("wallet:write");

    const changelog = await request.get(`${API}/changelog`);
    expect(changelog.status()).toBe(200);
    const entries = (await changelog.json()).data as { date: string; title: string; description: string }[];
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(Object.keys(entry).sort()).toEqual(["date", "description", "title"]);

    const llms = await request.get("/llms.txt");
    expect(llms.status()).toBe(200);
    const text = await llms.text();
    expect(text).toMatch(/^# Onramp/);
    for (const path of [
      "/auth/signup",
      "/auth/verify-email",
      "/billing/stripe-config",
      "/wallet/fund",
      "/api/v6/images/text2img",
      "/docs/api",
      "/api/agents/v1/openapi.json",
    ]) {
      expect(text).toContain(path);
    }
    const robots = await request.get("/robots.txt");
    expect(await robots.text()).toContain("Disallow: /dashboard");
    for (const icon of ["/favicon.ico", "/icon.svg", "/apple-touch-icon.png"]) {
      expect((await request.get(icon)).status(), icon).toBe(200);
    }
  });
});
