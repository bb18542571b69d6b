// `npm start`: build if stale, start the Stripe emulator when no STRIPE_SECRET_KEY is set, then
// serve Next.js from this one process (migrations run in-process at boot, see instrumentation.ts).
// A small custom server records the TCP peer address in a header the client cannot forge, which
// the rate limiter and the loopback-only /dev pages need (Next only fills x-forwarded-for when the
// client did not send one). Next to it goes a secret made here at every start, so the app can tell
// our stamp from a header a client sent to some other server in front of it (lib/http/client-ip.ts).
// In local mode the server listens on 127.0.0.1 unless HOST says otherwise (lib/env.ts).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildIfStale } from "./build.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const noBuild = process.argv.includes("--no-build");
// A second instance in front of the same emulator (multi-instance tests) must not start another.
const noEmulator = process.argv.includes("--no-emulator");
const PEER_HEADER = "x-onramp-peer";
const PEER_SECRET_HEADER = "x-onramp-peer-secret";
const peerSecret = randomBytes(32).toString("base64url");

const children = [];

function fail(message) {
  console.error(`[onramp] ${message}`);
  // Never leave the emulator holding its port behind a failed start.
  for (const child of children) child.kill("SIGTERM");
  process.exit(1);
}

/** Validated configuration, read through lib/env.ts (the only reader of process.env). */
function loadConfig() {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(root, "scripts/print-config.ts")],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  if (result.status !== 0) fail((result.stderr || result.stdout).trim());
  return JSON.parse(result.stdout);
}

function warnLoudly(message) {
  const bar = "!".repeat(78);
  console.error(`${bar}\n[onramp] WARNING: ${message}\n${bar}`);
}

function waitForPort(host, port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, host);
      socket.once("connect", () => {
        socket.end();
        resolve();
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing listening on ${host}:${port}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

function portInUse(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.once("connect", () => {
      socket.end();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

const config = loadConfig();

async function startEmulator() {
  const { emulatorHost, emulatorPort } = config.stripe;
  if (await portInUse(emulatorHost, emulatorPort)) {
    fail(
      `port ${emulatorPort} is already in use, so the Stripe emulator cannot start. ` +
        "Stop whatever holds it or set STRIPE_EMULATOR_PORT.",
    );
  }
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/emulator.ts")], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: process.env,
  });
  children.push(child);
  child.once("exit", (code, signal) => {
    if (!shuttingDown) fail(`the Stripe emulator exited (code ${code}, signal ${signal})`);
  });
  await waitForPort(emulatorHost, emulatorPort, 30_000);
}

let shuttingDown = false;
let server;
// Within the 10 s a container runtime or systemd usually grants between SIGTERM and SIGKILL.
const DRAIN_LIMIT_MS = 9_000;

/**
 * Graceful shutdown: stop accepting connections, let in-flight requests finish (long polls and
 * event streams end early with a retry hint, see lib/shutdown.ts), then exit; whatever is still
 * open after DRAIN_LIMIT_MS is cut.
 */
function shutdown(signal) {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log(`[onramp] ${signal}: draining (in-flight requests finish, then exit)`);
  // The controller lib/shutdown.ts reads (Next runs in this process).
  const key = Symbol.for("onramp.shutdown");
  globalThis[key] ??= new AbortController();
  globalThis[key].abort();
  const exit = (code) => {
    for (const child of children) child.kill("SIGTERM");
    process.exit(code);
  };
  setTimeout(() => {
    console.error(`[onramp] drain took longer than ${DRAIN_LIMIT_MS} ms: closing what is left`);
    server?.closeAllConnections();
    exit(0);
  }, DRAIN_LIMIT_MS).unref();
  if (!server) return exit(0);
  server.close(() => {
    console.log("[onramp] drained");
    exit(0);
  });
  server.closeIdleConnections();
}
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));

async function main() {
  if (!dev && !noBuild) {
    try {
      buildIfStale();
    } catch (error) {
      fail(error.message);
    }
  }
  if (config.stripe.mode === "emulator" && !noEmulator) await startEmulator();
  if (config.hostWarning) warnLoudly(config.hostWarning);
  if (config.faultPoints.length) warnLoudly(`test fault points armed: ${config.faultPoints.join(", ")}`);

  // Read by lib/env.ts in this process (Next runs in-process); set after the emulator started, so
  // no child process inherits it.
  process.env.ONRAMP_PEER_SECRET = peerSecret;
  const { default: next } = await import("next");
  const app = next({ dev, dir: root, hostname: "127.0.0.1", port: config.port });
  const handle = app.getRequestHandler();
  await app.prepare();

  server = http.createServer((req, res) => {
    req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "unknown";
    req.headers[PEER_SECRET_HEADER] = peerSecret;
    res.setHeader("X-Onramp-Instance", config.instance);
    // Answers sent while draining (long polls ended early included) close their connection and
    // tell the client to come back (through the load balancer, to another instance).
    const writeHead = res.writeHead;
    res.writeHead = function (...args) {
      if (shuttingDown && !res.headersSent) {
        res.setHeader("Connection", "close");
        if (!res.hasHeader("Retry-After")) res.setHeader("Retry-After", "1");
      }
      return writeHead.apply(this, args);
    };
    handle(req, res);
  });
  server.on("error", (error) => {
    if (error.code === "EADDRINUSE") fail(`port ${config.port} is already in use; set PORT to another one.`);
    fail(error.message);
  });
  // No host means every interface (outside local mode, unless HOST is set).
  server.listen(config.port, config.host, () => {
    const url = config.appUrl;
    const address = server.address();
    const lines = [
      `Onramp is running at ${url}`,
      `  listening on            ${typeof address === "object" && address ? `${address.address} port ${address.port}` : address}`,
      `  landing and quickstart  ${url}/`,
      `  dashboard               ${url}/dashboard`,
      `  health                  ${url}/api/health`,
      `  agents API              ${url}/api/agents/v1`,
      `  database                ${config.database.kind === "pglite" ? `PGlite in ${config.database.dir}` : "PostgreSQL (DATABASE_URL)"}`,
      config.stripe.mode === "emulator"
        ? `  Stripe                  local emulator at http://${config.stripe.emulatorHost}:${config.stripe.emulatorPort}`
        : "  Stripe                  api.stripe.com (STRIPE_SECRET_KEY)",
      config.mail.kind === "outbox"
        ? `  mailbox                 ${url}/dev/mailbox`
        : "  mail                    SMTP (SMTP_URL)",
      `  data directory          ${config.dataDir}`,
    ];
    console.log(lines.join("\n"));
  });
}

main().catch((error) => fail(error.stack ?? String(error)));
