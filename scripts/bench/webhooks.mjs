// Benchmark for reliability.md WH-12: the webhook endpoint acknowledges 50 concurrent deliveries with
// p99 < 1 s. The events are real ones from the emulator for payments the app already credited (the
// usual case: the fund call settled first), delivered fresh — the emulator's own deliveries go to a
// closed port — so each one is recorded in the inbox, re-read from Stripe and settled. A bare route
// under the same concurrency is measured in the same run for scale.
// Usage: node scripts/build.mjs && node scripts/bench/webhooks.mjs [deliveries=50]
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { startInstance } from "./instance.mjs";

const deliveries = Number(process.argv[2] ?? 50);
const emulatorPort = 12372;
const emulator = `http://127.0.0.1:${emulatorPort}`;
const { base, dataDir, stop, post, onboard } = await startInstance({
  port: 3272,
  emulatorPort,
  env: { STRIPE_WEBHOOK_URL: "http://127.0.0.1:9/nowhere" },
});

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};

async function concurrently(count, send) {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const started = performance.now();
      const res = await send(i);
      await res.arrayBuffer();
      return { ms: performance.now() - started, status: res.status };
    }),
  );
}

try {
  const agent = await onboard(`bench-webhooks-${Date.now()}@example.com`);
  const auth = { authorization: `Bearer ${agent.access_token}` };
  const config = (
    await (await fetch(`${base}/api/agents/v1/billing/stripe-config`, { headers: auth })).json()
  ).data;
  const tokenize = async () => {
    const res = await fetch(`${config.api_base}/v1/payment_methods`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`${config.publishable_key}:`).toString("base64")}` },
      body: new URLSearchParams({
        type: "card",
        "card[number]": "4242424242424242",
        "card[exp_month]": "12",
        "card[exp_year]": "2030",
        "card[cvc]": "123",
      }),
    });
    return (await res.json()).id;
  };
  for (let i = 0; i < deliveries; i++) {
    const res = await post(
      "/api/agents/v1/wallet/fund",
      { amount: 10, payment_method_id: await tokenize() },
      auth,
    );
    if (res.status !== 200) throw new Error(`funding ${i} answered ${res.status}`);
  }
  const listed = await fetch(`${emulator}/v1/events?type=payment_intent.succeeded&limit=100`, {
    headers: { authorization: "Bearer sk_test_bench" },
  });
  const events = (await listed.json()).data.slice(0, deliveries);
  if (events.length < deliveries) throw new Error(`only ${events.length} events at the emulator`);
  const secret = readFileSync(path.join(dataDir, "stripe-webhook-secret"), "utf8").trim();
  const signed = events.map((event) => {
    const payload = JSON.stringify(event);
    const t = Math.floor(Date.now() / 1000);
    const v1 = createHmac("sha256", secret).update(`${t}.${payload}`).digest("hex");
    return { payload, header: `t=${t},v1=${v1}` };
  });

  await concurrently(deliveries, () => fetch(`${base}/api/ping`)); // warm-up
  const bare = await concurrently(deliveries, () => fetch(`${base}/api/ping`));
  const acks = await concurrently(deliveries, (i) =>
    fetch(`${base}/api/stripe/webhook`, {
      method: "POST",
      headers: { "stripe-signature": signed[i].header, "content-type": "application/json" },
      body: signed[i].payload,
    }),
  );
  const replays = await concurrently(deliveries, (i) =>
    fetch(`${base}/api/stripe/webhook`, {
      method: "POST",
      headers: { "stripe-signature": signed[i].header, "content-type": "application/json" },
      body: signed[i].payload,
    }),
  );
  const bareP99 = quantile(
    bare.map((r) => r.ms),
    0.99,
  );
  console.log(`\n${deliveries} concurrent requests per row; PGlite, the emulator on ${emulatorPort}\n`);
  console.log(
    "row".padEnd(44),
    "p50 ms".padStart(8),
    "p99 ms".padStart(8),
    "p99/bare".padStart(9),
    "  statuses",
  );
  for (const [name, rows] of [
    ["bare route (/api/ping)", bare],
    ["webhook: new events (inbox, re-read, settle)", acks],
    ["webhook: the same events again (duplicates)", replays],
  ]) {
    const ms = rows.map((r) => r.ms);
    const statuses = [...new Set(rows.map((r) => r.status))].join("/");
    console.log(
      name.padEnd(44),
      quantile(ms, 0.5).toFixed(1).padStart(8),
      quantile(ms, 0.99).toFixed(1).padStart(8),
      (quantile(ms, 0.99) / bareP99).toFixed(1).padStart(9),
      `  ${statuses}`,
    );
  }
  const p99 = quantile(
    acks.map((r) => r.ms),
    0.99,
  );
  console.log(
    `\nWH-12 target: p99 < 1000 ms with ${deliveries} concurrent deliveries → ${p99 < 1000 ? "met" : "missed"}`,
  );
} finally {
  stop();
}
