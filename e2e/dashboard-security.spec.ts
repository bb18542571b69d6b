import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { PAYMENT_PAGE_SCRIPTS } from "../components/dashboard/payment-page-scripts";
import { EMULATOR, fillCard, signIn, verifiedAccount } from "./dashboard-support";

const directives = (policy: string) =>
  Object.fromEntries(
    policy.split(";").map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  ) as Record<string, string[]>;

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* files(full);
    else yield full;
  }
}

test.describe("dashboard: payment-page security (reliability PCI-06, PCI-08, PCI-09)", () => {
  test("the browser bundle carries no Stripe secret key", () => {
    const leaks: string[] = [];
    for (const file of files(path.join(process.cwd(), ".next", "static"))) {
      const text = readFileSync(file, "latin1");
      if (/\b(sk|rk)_(test|live)_[A-Za-z0-9]/.test(text)) leaks.push(path.relative(process.cwd(), file));
    }
    expect(leaks).toEqual([]);
  });

  test("Elements pages send a nonce CSP that allows only this origin and the Stripe (emulator) origin", async ({
    page,
    request,
  }) => {
    const { email } = await verifiedAccount(request);
    await signIn(page, email);
    for (const pathname of ["/dashboard/wallet", "/dashboard/payment-methods", "/dashboard/plans"]) {
      const response = await page.goto(pathname);
      const policy = response?.headers()["content-security-policy"] ?? "";
      const d = directives(policy);
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
      expect(nonce, pathname).toBeTruthy();
      expect(d["script-src"]).toEqual(["'self'", `'nonce-${nonce}'`, EMULATOR]);
      expect(d["frame-src"]).toEqual([EMULATOR]);
      expect(d["connect-src"]).toEqual(["'self'", EMULATOR]);
      expect(d["report-uri"]).toEqual(["/dashboard/csp-report"]);
      // Next put the nonce on every inline script it rendered.
      const inline = await page
        .locator("script:not([src])")
        .evaluateAll((s) => s.map((e) => (e as HTMLScriptElement).nonce));
      expect(inline.length).toBeGreaterThan(0);
      expect(inline.every((n) => n === nonce)).toBe(true);
    }
  });

  test("a payment page loads only the scripts in the committed inventory, and no CSP violation occurs", async ({
    page,
    request,
  }) => {
    const violations: string[] = [];
    page.on("console", (msg) => {
      if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
    });
    const scripts: string[] = [];
    // Scripts of the page itself; Stripe's iframes are Stripe's documents, governed by Stripe.
    page.on("request", (r) => {
      if (r.resourceType() === "script" && r.frame() === page.mainFrame()) scripts.push(r.url());
    });
    const { email } = await verifiedAccount(request);
    await signIn(page, email, undefined, "/dashboard/wallet");
    await fillCard(page, "fund-card", "4242 4242 4242 4242");
    await page.getByTestId("fund-submit").click();
    await expect(page.getByTestId("fund-result")).toContainText("Added $25.00");

    const origin = new URL(page.url()).origin;
    const unexplained = [...new Set(scripts)].filter((url) => {
      const u = new URL(url);
      const entry = PAYMENT_PAGE_SCRIPTS.find((s) =>
        s.origin === "self"
          ? u.origin === origin && u.pathname.startsWith(s.path)
          : u.origin === EMULATOR && u.pathname === s.path,
      );
      return !entry;
    });
    expect(unexplained).toEqual([]);
    expect(scripts.some((u) => u.startsWith(`${EMULATOR}/v3/stripe.js`))).toBe(true);
    expect(scripts.filter((u) => !u.startsWith(origin) && !u.startsWith(EMULATOR))).toEqual([]);
    expect(violations).toEqual([]);
  });

  test("dashboard data and exports answer 401 without a session, and other accounts' invoices are 404", async ({
    request,
    page,
  }) => {
    for (const pathname of [
      "/dashboard/data/wallet",
      "/dashboard/data/api-keys",
      "/dashboard/wallet/transactions.csv",
    ]) {
      expect((await request.get(pathname)).status(), pathname).toBe(401);
    }
    const { email } = await verifiedAccount(request);
    await signIn(page, email);
    expect((await page.request.get("/dashboard/data/nope")).status()).toBe(404);
    expect((await page.request.get("/dashboard/invoices/in_someoneelse/pdf")).status()).toBe(404);
    expect((await page.request.get("/dashboard/invoices/rcpt_00000000000000000000/pdf")).status()).toBe(404);
    const wallet = await page.request.get("/dashboard/data/wallet");
    expect(wallet.status()).toBe(200);
    expect((await wallet.json()).balance).toBe(0);
  });
});
