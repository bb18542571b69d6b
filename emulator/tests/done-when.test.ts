/**
 * The "done when", end to end against the real entry point: `scripts/emulator.ts` as
 * `npm run emulator` runs it (configured only through the environment), driven by the project's
 * `stripe` dependency, with the configured webhook endpoint receiving a signed
 * `checkout.session.completed`.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, it } from "node:test";
import { constructWebhookEvent, createStripeClient, type Stripe } from "./sdk";
import { type Receiver, startReceiver } from "./support";

const root = path.resolve(__dirname, "../..");
const secret = "whsec_done_when_secret";
let child: ChildProcess;
let receiver: Receiver;
let port = 0;
let dataDir = "";
let output = "";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
}

before(async () => {
  receiver = await startReceiver();
  port = await freePort();
  dataDir = mkdtempSync(path.join(os.tmpdir(), "onramp-done-when-"));
  child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/emulator.ts")], {
    cwd: root,
    env: {
      ...process.env,
      STRIPE_SECRET_KEY: "",
      STRIPE_EMULATOR_PORT: String(port),
      STRIPE_EMULATOR_HOST: "127.0.0.1",
      ONRAMP_DATA_DIR: dataDir,
      STRIPE_WEBHOOK_URL: receiver.url,
      STRIPE_WEBHOOK_SECRET: secret,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on("data", (c: Buffer) => {
    output += c.toString();
  });
  const deadline = Date.now() + 20_000;
  while (!output.includes("listening") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  assert.match(output, new RegExp(`Stripe emulator listening on http://127\\.0\\.0\\.1:${port}`));
});

after(async () => {
  if (child.exitCode === null) child.kill("SIGTERM");
  await receiver.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it("runs the done-when path through `npm run emulator`'s entry point", async () => {
  const apiBase = new URL(`http://127.0.0.1:${port}`);
  const stripe = createStripeClient({ secretKey: "sk_test_any_key_works", apiBase, maxNetworkRetries: 0 });
  const browser = createStripeClient({ secretKey: "pk_test_any_key_works", apiBase, maxNetworkRetries: 0 });
  const year = new Date().getUTCFullYear() + 3;

  // 4242 with a publishable key, attached, $25 confirmed → succeeded.
  const pm = await browser.paymentMethods.create({
    type: "card",
    card: { number: "4242424242424242", exp_month: 12, exp_year: year, cvc: "123" },
  });
  const customer = await stripe.customers.create({ email: "done@example.com" });
  await stripe.paymentMethods.attach(pm.id, { customer: customer.id });
  const ok = await stripe.paymentIntents.create({
    amount: 2500,
    currency: "usd",
    customer: customer.id,
    payment_method: pm.id,
    confirm: true,
    automatic_payment_methods: { enabled: true, allow_redirects: "never" },
  });
  assert.equal(ok.status, "succeeded");

  // …0002 → 402 card_declined / generic_decline.
  const declining = await browser.paymentMethods.create({
    type: "card",
    card: { number: "4000000000000002", exp_month: 12, exp_year: year, cvc: "123" },
  });
  const declined = await stripe.paymentIntents
    .create({
      amount: 2500,
      currency: "usd",
      payment_method: declining.id,
      confirm: true,
      return_url: "https://app.test/r",
    })
    .then(
      () => null,
      (e: { statusCode: number; code: string; decline_code: string }) => e,
    );
  assert.equal(declined?.statusCode, 402);
  assert.equal(declined?.code, "card_declined");
  assert.equal(declined?.decline_code, "generic_decline");

  // …3155 on-session → requires_action with a redirect URL.
  const sca = await browser.paymentMethods.create({
    type: "card",
    card: { number: "4000002500003155", exp_month: 12, exp_year: year, cvc: "123" },
  });
  const pending = await stripe.paymentIntents.create({
    amount: 2500,
    currency: "usd",
    payment_method: sca.id,
    confirm: true,
    return_url: "https://app.test/r",
  });
  assert.equal(pending.status, "requires_action");
  assert.match(
    String(pending.next_action?.redirect_to_url?.url),
    new RegExp(`^http://127\\.0\\.0\\.1:${port}/3ds/`),
  );

  // A Checkout Session whose url serves a page; completed through the test helper; signed webhook.
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [
      { price_data: { currency: "usd", unit_amount: 2500, product_data: { name: "Credits" } }, quantity: 1 },
    ],
    success_url: "https://app.test/success?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "https://app.test/cancel",
  });
  const page = await fetch(String(session.url));
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Pay with card/);
  const completed = await fetch(
    `http://127.0.0.1:${port}/_emulator/checkout/sessions/${session.id}/complete`,
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ card: "4242424242424242" }),
    },
  );
  assert.deepEqual(
    ((await completed.json()) as { redirect_url: string }).redirect_url,
    `https://app.test/success?session_id=${session.id}`,
  );
  const delivery = await receiver.waitFor(
    (r) => r.event.type === "checkout.session.completed" && r.event.data.object.id === session.id,
    10_000,
  );
  const event = constructWebhookEvent(delivery.body, String(delivery.headers["stripe-signature"]), secret);
  assert.equal((event.data.object as Stripe.Checkout.Session).payment_status, "paid");

  // SIGTERM persists state and exits cleanly.
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  assert.equal(await exited, 0);
  assert.ok(existsSync(path.join(dataDir, "emulator", "state.json")));
});
