import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import pg from "pg";
import { API, onboard } from "./support/agent-api";
import { RELAXED_PER_IP_LIMITS, RUN_REDIS_KEY_PREFIX } from "./support/test-limits";

async function payOnCheckout(page: Page, url: string) {
  await page.goto(url);
  await page.getByTestId("checkout-email").fill("human@example.com");
  await page.getByTestId("card-number").fill("4242 4242 4242 4242");
  await page.getByTestId("card-expiry").fill("12 / 30");
  await page.getByTestId("card-cvc").fill("123");
  await page.getByTestId("billing-name").fill("Pat Human");
  await page.getByTestId("pay-button").click();
}

test("the seed's human-assisted flow: the waiting agent learns of the payment without a relayed session_id", async ({
  page,
  request,
}) => {
  const { auth } = await onboard(request);
  const created = await request.post(`${API}/billing/payment-link`, {
    headers: auth,
    data: { purpose: "fund", amount: 25 },
  });
  expect(created.status()).toBe(201);
  const link = (await created.json()).data;

  let answeredAt = 0;
  const waiting = request
    .get(`${API}/billing/payment-link/${link.session_id}?wait=45`, { headers: auth, timeout: 60_000 })
    .then(async (r) => {
      answeredAt = Date.now();
      return r.json();
    });

  await payOnCheckout(page, link.payment_url);
  await expect(page.getByRole("heading", { name: "Payment received" })).toBeVisible();
  const pageLoadedAt = Date.now();
  await expect(page.getByTestId("session-id")).toHaveText(link.session_id);

  const status = await waiting;
  expect(status.data.status).toBe("fulfilled");
  expect(status.data.session_id).toBe(link.session_id);
  expect(answeredAt - pageLoadedAt).toBeLessThan(2_000);

  // The seed's confirm call still works and says it was already done.
  const confirmed = await request.post(`${API}/wallet/confirm-checkout`, {
    headers: auth,
    data: { session_id: link.session_id },
  });
  expect(confirmed.status()).toBe(200);
  expect((await confirmed.json()).data).toMatchObject({ already_confirmed: true, balance: 25 });
  expect((await (await request.get(`${API}/wallet/balance`, { headers: auth })).json()).data.balance).toBe(
    25,
  );
});

test("a human who backs out: the cancel page's button closes the link and the waiting agent hears canceled", async ({
  page,
  request,
}) => {
  const { auth } = await onboard(request);
  const link = (
    await (
      await request.post(`${API}/billing/payment-link`, {
        headers: auth,
        data: { purpose: "fund", amount: 10 },
      })
    ).json()
  ).data;
  const waiting = request.get(`${API}/billing/payment-link/${link.session_id}?wait=45`, {
    headers: auth,
    timeout: 60_000,
  });
  await page.goto(link.payment_url);
  await page.getByTestId("cancel-link").click();
  // Arriving on the cancel page (a GET, which scanners and prefetchers also make) changes nothing.
  await expect(page.getByRole("heading", { name: "Payment not completed" })).toBeVisible();
  const still = await request.get(`${API}/billing/payment-link/${link.session_id}`, { headers: auth });
  expect((await still.json()).data.status).toBe("open");
  await page.getByTestId("cancel-payment").click();
  await expect(page.getByRole("heading", { name: "Payment canceled" })).toBeVisible();
  expect((await (await waiting).json()).data.status).toBe("canceled");
  const confirm = await request.post(`${API}/wallet/confirm-checkout`, {
    headers: auth,
    data: { session_id: link.session_id },
  });
  expect(confirm.status()).toBe(410);
});

test.describe("two app instances on one PostgreSQL and Redis", () => {
  const adminUrl = process.env.DATABASE_URL || process.env.ONRAMP_TEST_DATABASE_URL;
  const redisUrl = process.env.REDIS_URL || process.env.ONRAMP_TEST_REDIS_URL;
  test.skip(!adminUrl || !redisUrl, "needs DATABASE_URL and REDIS_URL");

  const ports = { a: 3231, b: 3232, emulator: 12331 };
  const dbName = `onramp_e2e_${randomBytes(4).toString("hex")}`;
  const servers: ChildProcess[] = [];

  const start = async (port: number, extra: string[]) => {
    const url = new URL(adminUrl!);
    url.pathname = `/${dbName}`;
    const child = spawn(process.execPath, ["scripts/start.mjs", "--no-build", ...extra], {
      env: {
        ...process.env,
        PORT: String(port),
        APP_URL: `http://127.0.0.1:${port}`,
        DATABASE_URL: url.toString(),
        REDIS_URL: redisUrl,
        REDIS_KEY_PREFIX: RUN_REDIS_KEY_PREFIX,
        STRIPE_EMULATOR_PORT: String(ports.emulator),
        STRIPE_WEBHOOK_URL: `http://127.0.0.1:${ports.a}/api/stripe/webhook`,
        ONRAMP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "onramp-e2e-multi-")),
        LOG_LEVEL: "warn",
        ...RELAXED_PER_IP_LIMITS,
      },
      stdio: "ignore",
    });
    servers.push(child);
    for (let i = 0; i < 120; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return;
      } catch {}
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`instance on ${port} did not start`);
  };

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    await start(ports.a, []);
    await start(ports.b, ["--no-emulator"]);
  });

  test.afterAll(async () => {
    for (const s of servers) s.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 2_500));
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  });

  test("the agent waits on instance A; the human's success page is served by instance B", async ({
    page,
    request,
  }) => {
    const a = `http://127.0.0.1:${ports.a}`;
    const b = `http://127.0.0.1:${ports.b}`;
    const { auth } = await onboard(request, a);
    const link = (
      await (
        await request.post(`${a}${API}/billing/payment-link`, {
          headers: auth,
          data: { purpose: "fund", amount: 20 },
        })
      ).json()
    ).data;
    const waiting = request.get(`${a}${API}/billing/payment-link/${link.session_id}?wait=45`, {
      headers: auth,
      timeout: 60_000,
    });
    // Pay at Stripe without letting Checkout redirect to A, then open B's success page.
    const paid = await (
      await request.post(
        `http://127.0.0.1:${ports.emulator}/_emulator/checkout/sessions/${link.session_id}/complete`,
        {
          data: { card: "4242424242424242" },
        },
      )
    ).json();
    expect(paid.redirect_url).toContain(a);
    await page.goto(`${b}/checkout/success?session_id=${link.session_id}`);
    await expect(page.getByRole("heading", { name: "Payment received" })).toBeVisible();
    const status = await (await waiting).json();
    expect(status.data.status).toBe("fulfilled");
    expect(status.data.fulfilled_at).toBeTruthy();
    expect(
      (await (await request.get(`${b}${API}/wallet/balance`, { headers: auth })).json()).data.balance,
    ).toBe(20);
  });
});
