// Benchmark: what the door kit and the database cost per request, as ratios against a bare route
// measured in the same run (absolute req/s on a shared 2-core machine mean little).
// Usage: node scripts/build.mjs && node scripts/bench/door-kit.mjs [seconds=5] [connections=20]
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const seconds = Number(process.argv[2] ?? 5);
const connections = Number(process.argv[3] ?? 20);
const port = 3270;
const base = `http://127.0.0.1:${port}`;

const server = spawn(process.execPath, [path.join(root, "scripts/start.mjs"), "--no-build"], {
  cwd: root,
  stdio: "ignore",
  env: {
    ...process.env,
    PORT: String(port),
    STRIPE_EMULATOR_PORT: "12370",
    ONRAMP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "onramp-bench-")),
    APP_URL: base,
    LOG_LEVEL: "silent",
    DATABASE_URL: "",
    REDIS_URL: "",
    RATE_LIMIT_AUTH_PER_MINUTE: "1000000",
    RATE_LIMIT_GENERAL_PER_MINUTE: "1000000",
    RATE_LIMIT_BILLING_PER_MINUTE: "1000000",
  },
});

async function waitUp() {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not start");
}

async function token() {
  const email = `bench-${Date.now()}@example.com`;
  const post = (p, body) =>
    fetch(`${base}${p}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }).then((r) => r.json());
  await post("/api/agents/v1/auth/signup", { email, password: "secret123", name: "Bench" });
  const mail = await (await fetch(`${base}/dev/mailbox/messages?to=${encodeURIComponent(email)}`)).json();
  const code = /Verification code: (\S+)/.exec(mail.data[0].text)[1];
  return (await post("/api/agents/v1/auth/verify-email", { verification_code: code })).data.access_token;
}

function run(name, url, headers = {}) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds, headers }, (error, result) => {
      if (error) reject(error);
      else
        resolve({
          name,
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          non2xx: result.non2xx,
        });
    });
  });
}

try {
  await waitUp();
  const bearer = await token();
  const auth = { authorization: `Bearer ${bearer}` };
  // Warm every route once so compilation and first-open costs stay out of the numbers.
  for (const p of ["/api/ping", "/api/agents/v1/nope", "/api/health", "/api/agents/v1/wallet/balance"]) {
    await fetch(`${base}${p}`, { headers: auth });
  }
  const rows = [];
  rows.push(await run("bare route (/api/ping)", `${base}/api/ping`));
  rows.push(await run("door kit, no auth (404 envelope)", `${base}/api/agents/v1/nope`));
  rows.push(await run("health (one DB query)", `${base}/api/health`));
  rows.push(await run("door kit + bearer + wallet read", `${base}/api/agents/v1/wallet/balance`, auth));
  const bare = rows[0].rps;
  console.log(`\n${seconds}s per route, ${connections} connections, PGlite, in-memory rate limits\n`);
  console.log(
    "route".padEnd(38),
    "req/s".padStart(9),
    "ratio".padStart(7),
    "p50 ms".padStart(7),
    "p99 ms".padStart(7),
  );
  for (const r of rows) {
    console.log(
      r.name.padEnd(38),
      r.rps.toFixed(0).padStart(9),
      (r.rps / bare).toFixed(2).padStart(7),
      String(r.p50).padStart(7),
      String(r.p99).padStart(7),
      r.non2xx && !r.name.includes("404") ? `  (${r.non2xx} non-2xx)` : "",
    );
  }
} finally {
  server.kill("SIGTERM");
}
