// `npm run start:cluster`: two Onramp instances against one PostgreSQL (DATABASE_URL) and one Redis
// (REDIS_URL), a round-robin proxy in front on PORT (scripts/cluster-proxy.mjs) and, without
// STRIPE_SECRET_KEY, one Stripe emulator delivering webhooks through the proxy, so either instance
// may receive any event. The instances listen on PORT+1 and PORT+2 and name themselves in
// X-Onramp-Instance (a, b). Stop with Ctrl-C or SIGTERM: each instance drains, then exits.
//
// The same layout behind any load balancer: see "Several instances" in the README.
import { spawn, spawnSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildIfStale } from "./build.mjs";
import { startClusterProxy } from "./cluster-proxy.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const noBuild = process.argv.includes("--no-build");
const INSTANCES = ["a", "b"];
const children = [];
let stopping = false;

function fail(message) {
  console.error(`[cluster] ${message}`);
  for (const child of children) child.kill("SIGTERM");
  process.exit(1);
}

const printed = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts/print-config.ts")], {
  cwd: root,
  encoding: "utf8",
});
if (printed.status !== 0) fail((printed.stderr || printed.stdout).trim());
const config = JSON.parse(printed.stdout);

const missing = [
  config.database.kind !== "postgres" &&
    "DATABASE_URL (PostgreSQL; the embedded database serves one process only)",
  !config.redis && "REDIS_URL (Redis: shared rate limits and cross-instance wake-ups)",
].filter(Boolean);
if (missing.length) {
  fail(
    `several instances need a shared database and Redis. Set:\n  ${missing.join("\n  ")}\n` +
      "e.g. DATABASE_URL=postgres://user@127.0.0.1:5432/onramp REDIS_URL=redis://127.0.0.1:6379 npm run start:cluster",
  );
}

const portFree = (port) =>
  new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.end();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });

async function waitReady(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url} exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/ready`, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not become ready within ${timeoutMs / 1000} s`);
}

function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`[cluster] ${signal}: stopping the instances (each drains first)`);
  for (const child of children) child.kill("SIGTERM");
  // The instances exit within their own 9 s drain limit.
  setTimeout(() => process.exit(0), 11_000).unref();
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null))).then(
    () => process.exit(0),
  );
}
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));

async function main() {
  const entry = config.port;
  const ports = INSTANCES.map((_, i) => entry + 1 + i);
  for (const port of [entry, ...ports]) {
    if (!(await portFree(port)))
      fail(`port ${port} is in use (the cluster takes PORT and the next two ports).`);
  }
  if (!noBuild) {
    try {
      buildIfStale();
    } catch (error) {
      fail(error.message);
    }
  }
  const publicUrl = config.appUrl;
  // The proxy is one more hop in front of the instances: X-Forwarded-For then names the client.
  const trustedProxies = String(config.trustedProxies + 1);
  const shared = {
    ...process.env,
    APP_URL: publicUrl,
    STRIPE_WEBHOOK_URL: `http://127.0.0.1:${entry}/api/stripe/webhook`,
  };

  if (config.stripe.mode === "emulator") {
    const emulator = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/emulator.ts")], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
      env: shared,
    });
    children.push(emulator);
    emulator.once("exit", (code) => {
      if (!stopping) fail(`the Stripe emulator exited (code ${code})`);
    });
  }

  const urls = [];
  for (const [i, name] of INSTANCES.entries()) {
    const port = ports[i];
    const child = spawn(
      process.execPath,
      [path.join(root, "scripts/start.mjs"), "--no-build", "--no-emulator"],
      {
        cwd: root,
        stdio: ["ignore", "inherit", "inherit"],
        env: {
          ...shared,
          PORT: String(port),
          HOST: "127.0.0.1",
          ONRAMP_INSTANCE: name,
          TRUSTED_PROXIES: trustedProxies,
        },
      },
    );
    children.push(child);
    child.once("exit", (code, signal) => {
      if (!stopping) console.error(`[cluster] instance ${name} exited (code ${code}, signal ${signal})`);
    });
    urls.push(`http://127.0.0.1:${port}`);
  }
  try {
    await Promise.all(urls.map((url, i) => waitReady(url, children.at(-INSTANCES.length + i), 300_000)));
  } catch (error) {
    fail(error.message);
  }
  await startClusterProxy({ port: entry, host: config.host, targets: urls, log: console.log }).catch(
    (error) => fail(`the proxy cannot listen on port ${entry}: ${error.message}`),
  );
  console.log(
    [
      `Onramp cluster is running at ${publicUrl}`,
      ...INSTANCES.map((name, i) => `  instance ${name}              ${urls[i]}`),
      "  database                PostgreSQL (DATABASE_URL)",
      "  Redis                   REDIS_URL",
      config.stripe.mode === "emulator"
        ? `  Stripe                  local emulator at http://${config.stripe.emulatorHost}:${config.stripe.emulatorPort}, webhooks through the proxy`
        : "  Stripe                  api.stripe.com (STRIPE_SECRET_KEY)",
    ].join("\n"),
  );
}

main().catch((error) => fail(error.stack ?? String(error)));
