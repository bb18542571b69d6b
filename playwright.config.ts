import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { RELAXED_PER_IP_LIMITS } from "./e2e/support/test-limits";

const port = Number(process.env.E2E_PORT ?? 3210);
const emulatorPort = Number(process.env.E2E_EMULATOR_PORT ?? 12310);
// A fresh data dir per run, so runs never share PGlite, secrets or emulator state.
const dataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `onramp-e2e-${process.pid}-${Date.now()}`);
process.env.E2E_DATA_DIR = dataDir;

export const e2eEnv = { port, emulatorPort, dataDir };

export default defineConfig({
  testDir: "./e2e",
  testMatch: /.*\.spec\.ts$/,
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: "chromium",
    headless: true,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "node scripts/start.mjs --no-build",
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(port),
      STRIPE_EMULATOR_PORT: String(emulatorPort),
      ONRAMP_DATA_DIR: dataDir,
      APP_URL: `http://127.0.0.1:${port}`,
      NEXT_TELEMETRY_DISABLED: "1",
      // Every request is logged to a file in the data dir, which npm test scans afterwards (PCI-04).
      LOG_LEVEL: "info",
      LOG_FILE: path.join(dataDir, "server.log"),
      // e2e runs on its own embedded database; the integration suites cover PostgreSQL and Redis.
      DATABASE_URL: "",
      REDIS_URL: "",
      ...RELAXED_PER_IP_LIMITS,
    },
  },
});
