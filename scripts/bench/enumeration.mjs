// Benchmark for reliability.md AUTH-10: signup, forgot-password and resend-verification must take
// the same time whether or not the address has an account (200 requests each, |Δ median| < 5 ms
// and a two-sample Kolmogorov–Smirnov test with p > 0.01). Requests alternate between the two
// cases one at a time, so drift on a shared machine hits both equally; the bare route's median is
// measured in the same run for scale.
// Usage: node scripts/build.mjs && node scripts/bench/enumeration.mjs [requests=200]
import { performance } from "node:perf_hooks";
import { startInstance } from "./instance.mjs";

const requests = Number(process.argv[2] ?? 200);
const { base, stop, post, onboard } = await startInstance({ port: 3271, emulatorPort: 12371 });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** Two-sample KS statistic and its asymptotic p-value. */
function ks(a, b) {
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] <= v) i++;
    while (j < y.length && y[j] <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  const n = (x.length * y.length) / (x.length + y.length);
  const lambda = (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n)) * d;
  let p = 0;
  for (let k = 1; k <= 100; k++) p += 2 * (-1) ** (k - 1) * Math.exp(-2 * k * k * lambda * lambda);
  return { d, p: Math.min(1, Math.max(0, p)) };
}

async function timed(send) {
  const started = performance.now();
  const res = await send();
  await res.arrayBuffer();
  return { ms: performance.now() - started, status: res.status };
}

async function compare(name, known, unknown) {
  const a = [];
  const b = [];
  const statuses = new Set();
  for (let i = 0; i < requests; i++) {
    // Alternate which case goes first, so neither always follows the other.
    const pair = i % 2 ? [known, unknown] : [unknown, known];
    for (const send of pair) {
      const { ms, status } = await timed(() => send(i));
      statuses.add(status);
      (send === known ? a : b).push(ms);
    }
  }
  const delta = median(a) - median(b);
  const { d, p } = ks(a, b);
  return { name, known: median(a), unknown: median(b), delta, d, p, statuses: [...statuses].join("/") };
}

try {
  const verified = `bench-verified-${Date.now()}@example.com`;
  await onboard(verified);
  const unverified = `bench-unverified-${Date.now()}@example.com`;
  await post("/api/agents/v1/auth/signup", { email: unverified, password: "secret123" });
  const fresh = (i) => `bench-new-${Date.now()}-${i}@example.com`;
  const bare = [];
  for (let i = 0; i < requests; i++) bare.push((await timed(() => fetch(`${base}/api/ping`))).ms);
  // Warm both paths so first-call compilation stays out of the numbers.
  await post("/api/agents/v1/auth/signup", { email: fresh(-1), password: "secret123" });
  await post("/api/agents/v1/auth/forgot-password", { email: verified });

  const rows = [
    await compare(
      "signup: taken vs new address",
      () => post("/api/agents/v1/auth/signup", { email: verified, password: "other-secret" }),
      (i) => post("/api/agents/v1/auth/signup", { email: fresh(i), password: "other-secret" }),
    ),
    await compare(
      "forgot-password: account vs none",
      () => post("/api/agents/v1/auth/forgot-password", { email: verified }),
      (i) => post("/api/agents/v1/auth/forgot-password", { email: `nobody-${i}@example.com` }),
    ),
    await compare(
      "resend-verification: pending vs none",
      () => post("/api/agents/v1/auth/resend-verification", { email: unverified }),
      (i) => post("/api/agents/v1/auth/resend-verification", { email: `nobody-${i}@example.com` }),
    ),
  ];
  const bareMedian = median(bare);
  console.log(
    `\n${requests} requests per case, alternating; bare route median ${bareMedian.toFixed(2)} ms\n`,
  );
  console.log(
    "endpoint".padEnd(38),
    "known".padStart(8),
    "unknown".padStart(8),
    "Δ ms".padStart(7),
    "Δ/bare".padStart(7),
    "KS D".padStart(6),
    "KS p".padStart(7),
    "  status  target",
  );
  for (const r of rows) {
    const met = Math.abs(r.delta) < 5 && r.p > 0.01;
    console.log(
      r.name.padEnd(38),
      r.known.toFixed(2).padStart(8),
      r.unknown.toFixed(2).padStart(8),
      r.delta.toFixed(2).padStart(7),
      (r.delta / bareMedian).toFixed(2).padStart(7),
      r.d.toFixed(3).padStart(6),
      r.p.toFixed(3).padStart(7),
      `  ${r.statuses.padEnd(6)}  ${met ? "met" : "missed"}`,
    );
  }
} finally {
  stop();
}
