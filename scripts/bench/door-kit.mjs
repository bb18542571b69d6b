// Benchmark: what the door kit and the database cost per request, as ratios against a bare route
// measured in the same run (absolute req/s on a shared 2-core machine mean little).
// Usage: node scripts/build.mjs && node scripts/bench/door-kit.mjs [seconds=5] [connections=20]
import autocannon from "autocannon";
import { startInstance } from "./instance.mjs";

const seconds = Number(process.argv[2] ?? 5);
const connections = Number(process.argv[3] ?? 20);
const { base, stop, onboard } = await startInstance({ port: 3270, emulatorPort: 12370 });

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
  const bearer = (await onboard(`bench-${Date.now()}@example.com`)).access_token;
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
  stop();
}
