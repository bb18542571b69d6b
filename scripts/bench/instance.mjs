// A throwaway Onramp instance for benchmarks: embedded defaults (or the PostgreSQL + Redis given),
// its own data folder, no rate limits.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * A fresh database on the server `url` names (created now, dropped by the returned function), so a
 * bench never touches a database something else uses.
 */
export async function freshPostgres(url) {
  const name = `onramp_bench_${randomBytes(4).toString("hex")}`;
  const admin = async (sql) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const fresh = new URL(url);
  fresh.pathname = `/${name}`;
  return {
    url: fresh.toString(),
    drop: () => admin(`drop database if exists ${name} with (force)`).catch(() => {}),
  };
}

export async function startInstance({ port, emulatorPort, env = {}, databaseUrl = "", redisUrl = "" }) {
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "onramp-bench-"));
  const server = spawn(process.execPath, [path.join(root, "scripts/start.mjs"), "--no-build"], {
    cwd: root,
    stdio: "ignore",
    env: {
      ...process.env,
      PORT: String(port),
      STRIPE_EMULATOR_PORT: String(emulatorPort),
      ONRAMP_DATA_DIR: dataDir,
      APP_URL: base,
      LOG_LEVEL: "silent",
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      RATE_LIMIT_AUTH_PER_MINUTE: "1000000",
      RATE_LIMIT_GENERAL_PER_MINUTE: "1000000",
      RATE_LIMIT_BILLING_PER_MINUTE: "1000000",
      RATE_LIMIT_SIGNUP_PER_HOUR: "1000000",
      RATE_LIMIT_AUTH_IP_PER_MINUTE: "1000000",
      RATE_LIMIT_PAGES_PER_MINUTE: "1000000",
      ...env,
    },
  });
  const stop = () => server.kill("SIGTERM");
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) break;
      } catch {}
      if (i >= 240) throw new Error("server did not start");
      await new Promise((r) => setTimeout(r, 500));
    }
  } catch (error) {
    stop();
    throw error;
  }
  const post = (p, body, headers = {}) =>
    fetch(`${base}${p}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
  /** Signs an agent up and verifies it through the local mailbox, as the seed's steps 1–2 do. */
  const onboard = async (email) => {
    await post("/api/agents/v1/auth/signup", { email, password: "secret123", name: "Bench" });
    const mail = await (await fetch(`${base}/dev/mailbox/messages?to=${encodeURIComponent(email)}`)).json();
    const code = /Verification code: (\S+)/.exec(mail.data[0].text)[1];
    return (await (await post("/api/agents/v1/auth/verify-email", { verification_code: code })).json()).data;
  };
  /** A card tokenized at the emulator with the publishable key, as an agent does. */
  const tokenize = async (auth) => {
    const config = (
      await (await fetch(`${base}/api/agents/v1/billing/stripe-config`, { headers: auth })).json()
    ).data;
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
  return { base, dataDir, stop, post, onboard, tokenize };
}
