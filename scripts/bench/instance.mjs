// A throwaway Onramp instance for benchmarks: embedded defaults, its own data folder, no rate limits.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export async function startInstance({ port, emulatorPort, env = {} }) {
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
      DATABASE_URL: "",
      REDIS_URL: "",
      RATE_LIMIT_AUTH_PER_MINUTE: "1000000",
      RATE_LIMIT_GENERAL_PER_MINUTE: "1000000",
      RATE_LIMIT_BILLING_PER_MINUTE: "1000000",
      RATE_LIMIT_SIGNUP_PER_HOUR: "1000000",
      RATE_LIMIT_AUTH_IP_PER_MINUTE: "1000000",
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
  return { base, dataDir, stop, post, onboard };
}
