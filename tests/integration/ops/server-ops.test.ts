/**
 * Issue 16's operations on one `npm start` server (the embedded PGlite database, the emulator it
 * starts), run as an operator runs them:
 * - `npm run reconcile` and `npm run check:ledger` while the server holds the data folder: they go
 *   through its loopback-only admin routes, which refuse anyone not on this machine;
 * - SIGTERM: the listener closes at once, the in-flight request completes, a long poll and an event
 *   stream end early with a retry hint, and the process exits 0 within 10 s.
 * Builds the app first when it is stale (as the cluster suite does).
 */
import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createWriteStream, mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { resetEnvCache } from "@/lib/env";
import { adminToken } from "@/lib/ops/admin-token";
import { client, freePortRun, onboard, tokenize } from "@/tests/helpers/cluster";
import { buildIfStale } from "../../../scripts/build.mjs";

const API = "/api/agents/v1";
const root = process.cwd();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** This machine's first non-loopback IPv4 address, to reach the server as another host would. */
const outsideAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((i) => i && i.family === "IPv4" && !i.internal)?.address;

/** `npm run <script>` without blocking the event loop (the server's output keeps draining). */
function npmRun(
  script: string,
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "-s", script], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 180_000);
    child.once("exit", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

describe("one npm start server: operator commands and graceful shutdown", () => {
  let server: ChildProcess;
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  let port = 0;
  let base = "";
  let emulator = "";
  let dataDir = "";
  const commandEnv = (): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ONRAMP_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "0.0.0.0",
      LOG_LEVEL: "silent",
    };
    for (const name of ["DATABASE_URL", "PGLITE_DIR", "REDIS_URL", "NODE_OPTIONS", "ONRAMP_PEER_SECRET"]) {
      delete env[name];
    }
    return env;
  };

  before(
    async () => {
      buildIfStale();
      port = await freePortRun(1);
      const emulatorPort = await freePortRun(1);
      dataDir = mkdtempSync(path.join(os.tmpdir(), "onramp-server-ops-"));
      base = `http://127.0.0.1:${port}`;
      emulator = `http://127.0.0.1:${emulatorPort}`;
      const log = createWriteStream(path.join(dataDir, "server.log"));
      server = spawn(process.execPath, [path.join(root, "scripts/start.mjs"), "--no-build"], {
        cwd: root,
        stdio: ["ignore", "pipe", "pipe"],
        env: {
          ...commandEnv(),
          NODE_ENV: "production",
          LOG_LEVEL: "warn",
          LOG_FILE: "",
          APP_URL: base,
          STRIPE_EMULATOR_PORT: String(emulatorPort),
          // Every interface, so the admin routes can be tried from a non-loopback address; one
          // trusted proxy, so a forwarded client address counts.
          HOST: "0.0.0.0",
          TRUSTED_PROXIES: "1",
          RATE_LIMIT_SIGNUP_PER_HOUR: "1000000",
          RATE_LIMIT_AUTH_IP_PER_MINUTE: "1000000",
        },
      });
      server.stdout?.pipe(log);
      server.stderr?.pipe(log);
      exited = new Promise((resolve) =>
        server.once("exit", (code, signal) => resolve({ code, signal, at: performance.now() })),
      );
      const deadline = Date.now() + 300_000;
      for (;;) {
        assert.equal(server.exitCode, null, `npm start exited; see ${dataDir}/server.log`);
        if (
          await fetch(`${base}/api/ready`).then(
            (r) => r.ok,
            () => false,
          )
        )
          break;
        assert.ok(Date.now() < deadline, `npm start did not become ready; see ${dataDir}/server.log`);
        await sleep(500);
      }
      // The admin token is derived from this installation's AUTH_SECRET, as the commands derive it.
      process.env.ONRAMP_DATA_DIR = dataDir;
      resetEnvCache();
    },
    { timeout: 900_000 },
  );
  after(async () => {
    if (server && server.exitCode === null) server.kill("SIGKILL");
  });

  test("npm run reconcile and npm run check:ledger ask the running server (it holds the PGlite folder)", async () => {
    const agent = await onboard(base);
    const pm = await tokenize(emulator);
    const funded = await client(base).post(
      `${API}/wallet/fund`,
      { amount: 10, payment_method_id: pm },
      { ...agent.auth, "idempotency-key": `ops-${randomUUID()}` },
    );
    assert.equal(funded.status, 200, JSON.stringify(funded.json));
    const servedBefore = await adminCallsServed();

    const reconcile = await npmRun("reconcile", commandEnv());
    assert.equal(reconcile.status, 0, `${reconcile.stdout}\n${reconcile.stderr}`);
    assert.match(
      reconcile.stderr,
      new RegExp(
        `the database is held by the running server; asked it at http://127\\.0\\.0\\.1:${port}/api/admin/reconcile`,
      ),
    );
    const report = JSON.parse(reconcile.stdout);
    assert.equal(report.failed, 0);
    assert.deepEqual(report.exceptions, []);
    assert.deepEqual(
      await adminCallsServed(),
      { ...servedBefore, reconcile: servedBefore.reconcile + 1 },
      "the pass ran in the server",
    );

    const check = await npmRun("check:ledger", commandEnv());
    assert.equal(check.status, 0, `${check.stdout}\n${check.stderr}`);
    assert.match(check.stderr, /asked it at http:\/\/127\.0\.0\.1:\d+\/api\/admin\/ledger-check/);
    const ledger = JSON.parse(check.stdout);
    assert.equal(ledger.ok, true, JSON.stringify(ledger.breaches));
    assert.ok(ledger.entries >= 1, "the server's ledger, with the credit just made");
    assert.equal((await adminCallsServed())["ledger-check"], servedBefore["ledger-check"] + 1);
  });

  /** The admin calls the server answered with 200, from its own /metrics. */
  async function adminCallsServed(): Promise<{ reconcile: number; "ledger-check": number }> {
    const text = await fetch(`${base}/metrics`).then((r) => r.text());
    const count = (task: string) =>
      Number(
        new RegExp(
          `^onramp_http_requests_total\\{method="POST",route="/api/admin/${task}",status="200"\\} (\\d+)`,
          "m",
        ).exec(text)?.[1] ?? 0,
      );
    return { reconcile: count("reconcile"), "ledger-check": count("ledger-check") };
  }

  test("the admin routes answer the token on loopback only: a forwarded or non-loopback client gets 404", async () => {
    const call = (url: string, headers: Record<string, string> = {}) =>
      fetch(`${url}/api/admin/ledger-check`, {
        method: "POST",
        headers: { authorization: `Bearer ${adminToken()}`, ...headers },
      });
    assert.equal((await call(base)).status, 200, "the operator's own machine, with the token");
    assert.equal(
      (await call(base, { authorization: "Bearer not-the-token" })).status,
      404,
      "loopback without the token",
    );
    const forwarded = await call(base, { "x-forwarded-for": "203.0.113.7" });
    assert.equal(forwarded.status, 404, "a client forwarded by the trusted proxy is not local");
    assert.equal((await forwarded.json()).error.code, "route_not_found");
    if (outsideAddress) {
      const outside = await call(`http://${outsideAddress}:${port}`);
      assert.equal(outside.status, 404, `a client at ${outsideAddress} (a non-loopback peer)`);
    } else {
      console.log("[server-ops] no non-loopback interface here: the direct outside call is not tried");
    }
  });

  test("SIGTERM: new connections refused, the in-flight request completes, waits end with a retry hint, exit 0 within 10 s", async () => {
    const agent = await onboard(base);
    const pm = await tokenize(emulator);
    const link = await client(base).post(
      `${API}/billing/payment-link`,
      { purpose: "fund", amount: 25 },
      agent.auth,
    );
    assert.equal(link.status, 201, JSON.stringify(link.json));
    const sessionId = link.json.data.session_id as string;
    // A slow in-flight request: Stripe answers the charge after 3 s.
    const fault = await fetch(`${emulator}/_emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        path: "/v1/payment_intents",
        method: "POST",
        action: "latency",
        ms: 3_000,
        count: 1,
      }),
    });
    assert.ok(fault.ok, await fault.text());

    const fund = client(base).post(
      `${API}/wallet/fund`,
      { amount: 10, payment_method_id: pm },
      { ...agent.auth, "idempotency-key": `drain-${randomUUID()}` },
    );
    const poll = client(base).get(`${API}/billing/payment-link/${sessionId}?wait=30`, agent.auth);
    const stream = fetch(`${base}${API}/billing/payment-link/${sessionId}`, {
      headers: { ...agent.auth, accept: "text/event-stream" },
    }).then(async (r) => ({ status: r.status, text: await r.text() }));
    await sleep(1_000);

    const signalledAt = performance.now();
    server.kill("SIGTERM");
    // New connections are refused once the listener has closed.
    let refused = false;
    for (let i = 0; i < 20 && !refused; i++) {
      refused = await new Promise<boolean>((resolve) => {
        const socket = net.connect(port, "127.0.0.1");
        socket.once("connect", () => {
          socket.destroy();
          resolve(false);
        });
        socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code === "ECONNREFUSED"));
      });
      if (!refused) await sleep(100);
    }
    assert.ok(refused, "a new connection is refused within 2 s of SIGTERM");

    const [funded, polled, streamed] = await Promise.all([fund, poll, stream]);
    assert.equal(funded.status, 200, `the in-flight charge completes: ${JSON.stringify(funded.json)}`);
    assert.equal(funded.json.data.payment.status, "succeeded");
    assert.equal(polled.status, 200, JSON.stringify(polled.json));
    assert.notEqual(
      polled.json.data.status,
      "fulfilled",
      "nobody paid: the wait ended early, not on an outcome",
    );
    assert.equal(polled.headers.get("retry-after"), "1", "the long poll ends with a retry hint");
    assert.equal(streamed.status, 200);
    assert.match(streamed.text, /^retry: \d+$/m, "the event stream tells the client when to reconnect");
    assert.match(streamed.text, /event: end\ndata: .*"reason":"server_shutdown"/);

    const { code, signal, at } = await exited;
    assert.equal(signal, null);
    assert.equal(code, 0, `exit code; see ${dataDir}/server.log`);
    const took = Math.round(at - signalledAt);
    console.log(
      `[server-ops] SIGTERM → exit 0 in ${took} ms with a 3 s request, a long poll and a stream open`,
    );
    assert.ok(took < 10_000, `exited ${took} ms after SIGTERM`);
  });
});
