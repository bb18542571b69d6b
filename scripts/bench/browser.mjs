// JavaScript each page costs a browser (issue 14, target 5): Debian's Chromium loads the page with
// an empty cache, and the bytes of every script response as transferred (gzip, headers included)
// are added up until the network is idle — Stripe.js itself excluded (it is Stripe's, loaded where
// a card form needs it). Dashboard pages are loaded signed in.
import { chromium } from "@playwright/test";

const PUBLIC = ["/", "/login", "/checkout/success"];
const DASHBOARD = [
  "/dashboard",
  "/dashboard/wallet",
  "/dashboard/plans",
  "/dashboard/api-keys",
  "/dashboard/agents",
  "/dashboard/invoices",
  "/dashboard/payment-methods",
  "/dashboard/settings",
];
const isStripeJs = (url) => /js\.stripe\.com|\/stripe-js\//.test(url);

async function scriptBytes(context, url) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const scripts = new Map();
  let total = 0;
  cdp.on("Network.responseReceived", (e) => {
    if (e.type === "Script" && !isStripeJs(e.response.url)) scripts.set(e.requestId, e.response.url);
  });
  cdp.on("Network.loadingFinished", (e) => {
    if (scripts.has(e.requestId)) total += e.encodedDataLength;
  });
  await page.goto(url, { waitUntil: "networkidle" });
  await page.waitForTimeout(300);
  const count = scripts.size;
  await page.close();
  return { bytes: total, count };
}

export async function measureBrowser(app, { email = `bench-browser-${Date.now()}@example.com` } = {}) {
  await app.onboard(email);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  const results = [];
  try {
    const anonymous = await browser.newContext();
    const signedIn = await browser.newContext();
    const login = await signedIn.newPage();
    await login.goto(`${app.base}/login`);
    await login.getByTestId("login-email").fill(email);
    await login.getByTestId("login-password").fill("secret123");
    await login.getByTestId("login-submit").click();
    await login.waitForURL("**/dashboard**");
    await login.close();

    console.log(
      "\nBrowser: JavaScript per page, gzipped bytes as transferred, empty cache, Stripe.js excluded\n",
    );
    for (const [paths, context, limit] of [
      [PUBLIC, anonymous, 90],
      [DASHBOARD, signedIn, 150],
    ]) {
      for (const p of paths) {
        const { bytes, count } = await scriptBytes(context, `${app.base}${p}`);
        const kb = bytes / 1000;
        console.log(
          `${p.padEnd(30)} ${kb.toFixed(1).padStart(7)} kB in ${count} scripts (target ≤ ${limit} kB)`,
        );
        results.push({
          name: `T5 JS on ${p}`,
          value: `${kb.toFixed(0)} kB`,
          target: `≤ ${limit} kB`,
          pass: kb <= limit,
        });
      }
    }
  } finally {
    await browser.close();
  }
  return results;
}
