/**
 * One `npm run start:cluster` for a whole test file: two instances (a, b) on a throwaway PostgreSQL
 * database of the machine's server and its Redis, the round-robin proxy and one emulator, all
 * started as an operator would start them. Needs the machine's DATABASE_URL and REDIS_URL (as in
 * CI); `clusterUnavailable()` says why a run must skip. Builds the app first when it is stale.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { buildIfStale } from "../../scripts/build.mjs";
import { startTcpFaultProxy, type TcpFaultProxy } from "./tcp-fault-proxy";
import { MACHINE_DATABASE_URL, MACHINE_REDIS_URL } from "./test-env";

export function clusterUnavailable(): string | null {
  if (!MACHINE_DATABASE_URL || !MACHINE_REDIS_URL) {
    return "cluster tests need PostgreSQL and Redis: run with DATABASE_URL and REDIS_URL set (CI does)";
  }
  return null;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: MACHINE_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A base port with `count` free ports after it (the cluster takes PORT, PORT+1, PORT+2). */
export async function freePortRun(count: number): Promise<number> {
  const isFree = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    let ok = true;
    for (let i = 0; i < count && ok; i++) ok = await isFree(base + i);
    if (ok) return base;
  }
  throw new Error("no run of free ports found");
}

export interface Cluster {
  proxy: string;
  a: string;
  b: string;
  emulator: string;
  /** The database as the test reaches it (directly, never through `databaseProxy`). */
  databaseUrl: string;
  /** Between the instances and PostgreSQL when started with `databaseProxy: true`: cut it for an outage. */
  databaseProxy: TcpFaultProxy | null;
  /** This run's REDIS_KEY_PREFIX: its rate limits and wake-ups meet no other run's on the shared Redis. */
  redisKeyPrefix: string;
  dataDir: string;
  /** Runs SQL against the cluster's database. */
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  /** POST/GET to the emulator's /_emulator helpers. */
  helper(p: string, body?: unknown): Promise<any>;
  stop(): Promise<void>;
}

export async function startCluster(
  options: { env?: Record<string, string>; databaseProxy?: boolean } = {},
): Promise<Cluster> {
  buildIfStale();
  const name = `onramp_cluster_${process.pid}_${randomBytes(4).toString("hex")}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(MACHINE_DATABASE_URL as string);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const databaseProxy = options.databaseProxy
    ? await startTcpFaultProxy({ host: url.hostname, port: Number(url.port || 5432) })
    : null;
  const instanceUrl = new URL(databaseUrl);
  if (databaseProxy) {
    instanceUrl.hostname = "127.0.0.1";
    instanceUrl.port = String(databaseProxy.port);
  }
  const redisKeyPrefix = `onramp-test-${name}:`;
  const port = await freePortRun(3);
  const emulatorPort = await freePortRun(1);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "onramp-cluster-"));
  const log = createWriteStream(path.join(dataDir, "cluster.log"));
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(process.cwd(), "scripts/start-cluster.mjs"), "--no-build"],
    {
      cwd: process.cwd(),
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        APP_URL: `http://127.0.0.1:${port}`,
        STRIPE_EMULATOR_PORT: String(emulatorPort),
        ONRAMP_DATA_DIR: dataDir,
        DATABASE_URL: instanceUrl.toString(),
        REDIS_URL: MACHINE_REDIS_URL as string,
        REDIS_KEY_PREFIX: redisKeyPrefix,
        PGLITE_DIR: "",
        LOG_LEVEL: "warn",
        LOG_FILE: "",
        ...options.env,
      },
    },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const proxy = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`start:cluster exited (${child.exitCode}); see ${dataDir}/cluster.log`);
    try {
      const res = await fetch(`${proxy}/api/ready`);
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`the cluster did not start; see ${dataDir}/cluster.log`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const emulator = `http://127.0.0.1:${emulatorPort}`;
  return {
    proxy,
    a: `http://127.0.0.1:${port + 1}`,
    b: `http://127.0.0.1:${port + 2}`,
    emulator,
    databaseUrl,
    databaseProxy,
    redisKeyPrefix,
    dataDir,
    query: async (text, values) => (await pool.query(text, values)).rows,
    helper: async (p, body) => {
      const res = await fetch(`${emulator}${p}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return res.json();
    },
    stop: async () => {
      await pool.end();
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      await databaseProxy?.close();
      await admin((c) => c.query(`drop database if exists ${name} with (force)`)).catch(() => {});
    },
  };
}

/** Talks to one base URL as an agent would. */
export function client(base: string) {
  const send = async (method: string, p: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${p}`, {
      method,
      headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, headers: res.headers, json };
  };
  return {
    get: (p: string, headers?: Record<string, string>) => send("GET", p, undefined, headers),
    post: (p: string, body: unknown, headers?: Record<string, string>) => send("POST", p, body, headers),
    del: (p: string, headers?: Record<string, string>) => send("DELETE", p, undefined, headers),
  };
}

export interface ClusterAgent {
  email: string;
  userId: string;
  token: string;
  apiKey: string;
  auth: Record<string, string>;
}

/** Signup and verification through `base`, the code read from that instance's local mailbox. */
export async function onboard(base: string): Promise<ClusterAgent> {
  const c = client(base);
  const email = `cluster-${randomBytes(6).toString("hex")}@example.com`;
  const created = await c.post("/api/agents/v1/auth/signup", {
    email,
    password: "secret123",
    name: "Cluster",
  });
  if (created.status !== 201) throw new Error(`signup: ${JSON.stringify(created.json)}`);
  const mail = await c.get(`/dev/mailbox/messages?to=${encodeURIComponent(email)}`);
  const code = /Verification code: (\S+)/.exec(mail.json.data?.[0]?.text ?? "")?.[1];
  if (!code) throw new Error(`no code mailed to ${email}: ${JSON.stringify(mail.json)}`);
  const verified = await c.post("/api/agents/v1/auth/verify-email", { verification_code: code });
  if (verified.status !== 200) throw new Error(`verify: ${JSON.stringify(verified.json)}`);
  const { access_token: token, api_key: apiKey, user } = verified.json.data;
  return { email, userId: user.id, token, apiKey, auth: { authorization: `Bearer ${token}` } };
}

/** A card payment method made at the emulator, as Stripe.js would. */
export async function tokenize(emulator: string, number = "4242424242424242"): Promise<string> {
  const res = await fetch(`${emulator}/v1/payment_methods`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from("pk_test_onramp_emulator:").toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({
      type: "card",
      "card[number]": number,
      "card[exp_month]": "12",
      "card[exp_year]": "2030",
      "card[cvc]": "123",
    }),
  });
  const json = (await res.json()) as { id?: string; error?: { message: string } };
  if (!json.id) throw new Error(`tokenize: ${json.error?.message}`);
  return json.id;
}
