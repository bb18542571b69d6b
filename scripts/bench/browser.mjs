// JavaScript each page costs a browser (issue 14, target 5): Debian's Chromium loads the page with
// an empty cache, and the bytes of every script response as transferred (gzip, headers included)
// are added up until the network is idle — Stripe.js itself excluded (it is Stripe's, loaded where
// a card form needs it): js.stripe.com with real keys, and in local mode the emulator's stand-in for
// it (its /v3/stripe.js and the Elements iframe's script, served by the emulator's origin), which is
// not what a real install ships. Those bytes are still printed, apart. Dashboard pages are loaded
// signed in.
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
// `--scripts` also lists every script of every page with its size, to see what a page pays for.
const listScripts = process.argv.includes("--scripts");
const isStripeJs = (url) => /js\.stripe\.com|\/stripe-js\//.test(url);

/** The origin Stripe.js comes from in local mode: the emulator's, as /billing/stripe-config names it. */
async function stripeStandInOrigin(app, accessToken) {
  const res = await fetch(`${app.base}/api/agents/v1/billing/stripe-config`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  const apiBase = (await res.json()).data?.api_base;
  return apiBase && !/\.stripe\.com$/.test(new URL(apiBase).hostname) ? new URL(apiBase).origin : null;
}

/** Script bytes a page makes the browser transfer (empty cache), Stripe.js counted apart. */
export async function scriptBytes(context, url, standInOrigin) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const scripts = new Map();
  const sizes = new Map();
  const stripe = new Set();
  let total = 0;
  let stripeBytes = 0;
  cdp.on("Network.responseReceived", (e) => {
    if (e.type !== "Script") return;
    const fromStandIn = standInOrigin !== null && new URL(e.response.url).origin === standInOrigin;
    if (isStripeJs(e.response.url) || fromStandIn) stripe.add(e.requestId);
    else scripts.set(e.requestId, e.response.url);
  });
  cdp.on("Network.loadingFinished", (e) => {
    if (scripts.has(e.requestId)) {
      total += e.encodedDataLength;
      sizes.set(scripts.get(e.requestId), e.encodedDataLength);
    }
    if (stripe.has(e.requestId)) stripeBytes += e.encodedDataLength;
  });
  await page.goto(url, { waitUntil: "networkidle" });
  await page.waitForTimeout(300);
  const count = scripts.size;
  await page.close();
  return { bytes: total, count, stripeBytes, stripeCount: stripe.size, sizes };
}

export async function measureBrowser(app, { email = `bench-browser-${Date.now()}@example.com` } = {}) {
  const agent = await app.onboard(email);
  const standInOrigin = await stripeStandInOrigin(app, agent.access_token);
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
        const { bytes, count, stripeBytes, stripeCount, sizes } = await scriptBytes(
          context,
          `${app.base}${p}`,
          standInOrigin,
        );
        const kb = bytes / 1000;
        const apart = stripeCount
          ? `; Stripe.js apart: ${(stripeBytes / 1000).toFixed(1)} kB in ${stripeCount}`
          : "";
        console.log(
          `${p.padEnd(30)} ${kb.toFixed(1).padStart(7)} kB in ${count} scripts (target ≤ ${limit} kB)${apart}`,
        );
        if (listScripts) {
          for (const [script, size] of sizes) {
            console.log(`    ${(size / 1000).toFixed(1).padStart(6)} kB  ${new URL(script).pathname}`);
          }
        }
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
