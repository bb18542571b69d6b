// `npm run bench`: every performance target of issue 14 in one run, each printed as a ratio against
// a bare route measured in the same run (absolute figures on a shared machine mean little), with its
// target and PASS/FAIL. Embedded PGlite by default; `--pg` runs on the PostgreSQL and Redis named by
// DATABASE_URL and REDIS_URL (a fresh database is created on that server and dropped afterwards).
//
// Usage: npm run bench [-- --pg] [-- --only=http,webhooks,ledger,browser] [-- --seconds=5]
//        [-- --ledger-account=1000000 --ledger-total=10000000]
import { spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { measureBrowser } from "./browser.mjs";
import { freshPostgres, startInstance } from "./instance.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k, v ?? true];
  }),
);
const onPg = Boolean(args.pg);
const only = new Set(String(args.only ?? "http,webhooks,ledger,browser").split(","));
const seconds = Number(args.seconds ?? 5);
const connections = Number(args.connections ?? 20);
const deliveries = 50;
const WEBHOOK_SECRET = "whsec_bench_secret";
const { DATABASE_URL = "", REDIS_URL = "" } = process.env;
if (onPg && (!DATABASE_URL || !REDIS_URL)) {
  console.error("--pg needs DATABASE_URL and REDIS_URL (a PostgreSQL server and a Redis)");
  process.exit(2);
}
const dbLabel = onPg ? "PostgreSQL + Redis" : "PGlite (embedded)";

/** Every figure: name, measured value, target, and whether it is met. */
const results = [];
const check = (name, value, target, pass, unit = "×") =>
  results.push({ name, value: `${value.toFixed(2)}${unit}`, target, pass });

function load(url, { method = "GET", headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method,
        connections,
        duration: seconds,
        headers: body ? { "content-type": "application/json", ...headers } : headers,
        body: body ? JSON.stringify(body) : undefined,
      },
      (error, result) => {
        if (error) reject(error);
        else
          resolve({
            rps: result.requests.average,
            p99: result.latency.p99,
            errors: result.errors + result.timeouts + result.non2xx,
          });
      },
    );
  });
}

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

async function httpTargets(app, agent, paymentMethod) {
  const { base } = app;
  const auth = { authorization: `Bearer ${agent.access_token}` };
  const rows = [];
  const pair = async (name, url, options) => {
    await load(`${base}/api/ping`); // warm-up of both, so neither pays first-call costs
    const bare = await load(`${base}/api/ping`);
    const route = await load(url, options);
    rows.push({ name, bare, route });
    return { bare, route };
  };

  const balance = await pair("GET /wallet/balance (bearer)", `${base}/api/agents/v1/wallet/balance`, {
    headers: auth,
  });
  check(
    "T1 balance req/s ÷ bare",
    balance.route.rps / balance.bare.rps,
    "≥ 0.70",
    balance.route.rps / balance.bare.rps >= 0.7,
  );
  check(
    "T1 balance p99 ÷ bare p99",
    balance.route.p99 / balance.bare.p99,
    "≤ 2.00",
    balance.route.p99 <= 2 * balance.bare.p99,
  );
  check("T1 balance errors", balance.route.errors, "= 0", balance.route.errors === 0, "");

  const text2img = await pair("POST /api/v6/images/text2img", `${base}/api/v6/images/text2img`, {
    method: "POST",
    body: { key: agent.api_key, prompt: "a lighthouse at dusk", width: 64, height: 64 },
  });
  check(
    "T2 text2img req/s ÷ bare",
    text2img.route.rps / text2img.bare.rps,
    "≥ 0.30",
    text2img.route.rps / text2img.bare.rps >= 0.3,
  );
  check("T2 text2img errors", text2img.route.errors, "= 0", text2img.route.errors === 0, "");

  const fund = await pair("POST /wallet/fund (emulator)", `${base}/api/agents/v1/wallet/fund`, {
    method: "POST",
    headers: auth,
    body: { amount: 10, payment_method_id: paymentMethod },
  });
  check(
    "T2 fund req/s ÷ bare",
    fund.route.rps / fund.bare.rps,
    "≥ 0.25",
    fund.route.rps / fund.bare.rps >= 0.25,
  );
  check("T2 fund errors", fund.route.errors, "= 0", fund.route.errors === 0, "");

  console.log(
    `\nHTTP: ${seconds}s × ${connections} connections per row, ${dbLabel}; the bare route measured just before each\n`,
  );
  console.log(
    "route".padEnd(34),
    "req/s".padStart(8),
    "bare".padStart(8),
    "ratio".padStart(7),
    "p99".padStart(6),
    "bare p99".padStart(9),
    "errors".padStart(7),
  );
  for (const r of rows) {
    console.log(
      r.name.padEnd(34),
      r.route.rps.toFixed(0).padStart(8),
      r.bare.rps.toFixed(0).padStart(8),
      (r.route.rps / r.bare.rps).toFixed(2).padStart(7),
      String(r.route.p99).padStart(6),
      String(r.bare.p99).padStart(9),
      String(r.route.errors).padStart(7),
    );
  }
}

async function webhookTargets(app, emulatorUrl) {
  const { base } = app;
  const listed = await fetch(`${emulatorUrl}/v1/events?type=payment_intent.succeeded&limit=100`, {
    headers: { authorization: "Bearer sk_test_bench" },
  });
  const events = (await listed.json()).data.slice(0, deliveries);
  if (events.length < deliveries) throw new Error(`only ${events.length} events at the emulator`);
  const signed = events.map((event) => {
    const payload = JSON.stringify(event);
    const t = Math.floor(Date.now() / 1000);
    const v1 = createHmac("sha256", WEBHOOK_SECRET).update(`${t}.${payload}`).digest("hex");
    return { payload, header: `t=${t},v1=${v1}` };
  });
  const deliver = (i) =>
    fetch(`${base}/api/stripe/webhook`, {
      method: "POST",
      headers: { "stripe-signature": signed[i].header, "content-type": "application/json" },
      body: signed[i].payload,
    });
  await concurrently(deliveries, () => fetch(`${base}/api/ping`));
  const bare = await concurrently(deliveries, () => fetch(`${base}/api/ping`));
  const acks = await concurrently(deliveries, deliver);
  const replays = await concurrently(deliveries, deliver);
  const bareP99 = quantile(
    bare.map((r) => r.ms),
    0.99,
  );
  const p99 = quantile(
    acks.map((r) => r.ms),
    0.99,
  );
  console.log(
    `\nWebhooks: ${deliveries} concurrent deliveries of new events, then the same again, ${dbLabel}\n`,
  );
  for (const [name, rows] of [
    ["bare route (/api/ping)", bare],
    ["webhook: new events", acks],
    ["webhook: duplicates", replays],
  ]) {
    const ms = rows.map((r) => r.ms);
    console.log(
      name.padEnd(26),
      `p50 ${quantile(ms, 0.5).toFixed(1).padStart(7)} ms`,
      `p99 ${quantile(ms, 0.99).toFixed(1).padStart(7)} ms`,
      `  statuses ${[...new Set(rows.map((r) => r.status))].join("/")}`,
    );
  }
  check("T3 webhook p99 ÷ bare p99 (50 at once)", p99 / bareP99, "≤ 2.50", p99 <= 2.5 * bareP99);
  const failed = [...acks, ...replays].filter((r) => r.status !== 200).length;
  check("T3 webhook non-200 answers", failed, "= 0", failed === 0, "");
}

function ledgerTargets(databaseUrl) {
  const accountRows = Number(args["ledger-account"] ?? 1_000_000);
  const totalRows = Number(args["ledger-total"] ?? (onPg ? 10_000_000 : 1_000_000));
  const result = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(root, "scripts/bench/ledger.ts")],
    {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        ONRAMP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "onramp-bench-ledger-")),
        REDIS_URL: "",
        LOG_LEVEL: "silent",
        BENCH_LEDGER_ACCOUNT_ROWS: String(accountRows),
        BENCH_LEDGER_TOTAL_ROWS: String(totalRows),
      },
    },
  );
  const out = result.stdout ?? "";
  const marker = out.lastIndexOf("\n@@RESULTS ");
  console.log(marker >= 0 ? out.slice(0, marker) : out);
  if (result.status !== 0 || marker < 0) {
    results.push({ name: "T4 ledger bench", value: "crashed", target: "runs", pass: false });
    return;
  }
  for (const r of JSON.parse(out.slice(marker + 11))) results.push(r);
}

const pgDatabases = [];
let app;
let failed = false;
try {
  console.log(`Onramp benchmarks on ${dbLabel}${onPg ? "" : " (in-memory rate limits)"}`);
  if (only.has("http") || only.has("webhooks") || only.has("browser")) {
    const server = onPg ? await freshPostgres(DATABASE_URL) : null;
    if (server) pgDatabases.push(server);
    const emulatorPort = 12373;
    app = await startInstance({
      port: 3273,
      emulatorPort,
      databaseUrl: server?.url ?? "",
      redisUrl: onPg ? REDIS_URL : "",
      // The emulator's own deliveries go nowhere: the webhook bench delivers its events itself.
      env: {
        STRIPE_WEBHOOK_URL: "http://127.0.0.1:9/nowhere",
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        FUND_MAX_USD: "100000",
      },
    });
    const agent = await app.onboard(`bench-${Date.now()}@example.com`);
    const auth = { authorization: `Bearer ${agent.access_token}` };
    const paymentMethod = await app.tokenize(auth);
    // Money for the generations, and the card saved on the customer so it can be charged again.
    const funded = await app.post(
      "/api/agents/v1/wallet/fund",
      { amount: 5000, payment_method_id: paymentMethod },
      auth,
    );
    if (funded.status !== 200) throw new Error(`funding answered ${funded.status}: ${await funded.text()}`);
    for (const p of ["/api/ping", "/api/agents/v1/wallet/balance"])
      await fetch(`${app.base}${p}`, { headers: auth });
    if (only.has("http")) await httpTargets(app, agent, paymentMethod);
    if (only.has("webhooks")) {
      // Enough succeeded payments for the deliveries, whether or not the fund row ran.
      for (let i = 0; i < deliveries; i++) {
        await app.post("/api/agents/v1/wallet/fund", { amount: 10, payment_method_id: paymentMethod }, auth);
      }
      await webhookTargets(app, `http://127.0.0.1:${emulatorPort}`);
    }
    if (only.has("browser")) {
      const pages = await measureBrowser(app);
      for (const r of pages) results.push(r);
    }
    app.stop();
    app = undefined;
  }
  if (only.has("ledger")) {
    if (onPg) {
      const ledgerDb = await freshPostgres(DATABASE_URL);
      pgDatabases.push(ledgerDb);
      ledgerTargets(ledgerDb.url);
    } else {
      ledgerTargets("");
    }
  }
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  app?.stop();
  for (const d of pgDatabases) await d.drop();
}

console.log(`\nSummary (${dbLabel})\n`);
console.log("figure".padEnd(46), "measured".padStart(12), "target".padStart(10), "");
for (const r of results) {
  console.log(
    r.name.padEnd(46),
    String(r.value).padStart(12),
    String(r.target).padStart(10),
    r.pass ? " PASS" : " FAIL",
  );
}
const misses = results.filter((r) => !r.pass).length;
console.log(
  `\n${results.length - misses} of ${results.length} met${failed ? "; the run stopped early" : ""}`,
);
process.exit(failed || misses ? 1 : 0);
