// Local mode is local: what `npm start` binds to, who may read /dev/*, and that the public payment
// pages neither reach Stripe for ids Onramp never made nor take unlimited loads — against real
// servers started by scripts/start.mjs.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);
const emulatorPort = Number(process.env.E2E_EMULATOR_PORT ?? 12310);
/** This machine's address on a real network interface, as another machine would reach it. */
const lanAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((i) => i && !i.internal && i.family === "IPv4")?.address;

function connects(host: string, to: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: to, timeout: 2_000 });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

test("npm start in local mode listens on 127.0.0.1 only", async () => {
  test.skip(!lanAddress, "this machine has no non-loopback IPv4 interface");
  expect(await connects("127.0.0.1", port)).toBe(true);
  expect(await connects(lanAddress!, port)).toBe(false);
});

test("unknown ids on the payment pages are 404s that cost no Stripe call", async ({ request }) => {
  const stats = async () =>
    (await (await request.get(`http://127.0.0.1:${emulatorPort}/_emulator/stats`)).json()).calls.total;
  const before = await stats();
  for (const path of [
    "/checkout/success?session_id=cs_test_a1B2c3D4e5F6g7H8i9J0kLmNoP",
    "/checkout/cancel?session_id=cs_test_a1B2c3D4e5F6g7H8i9J0kLmNoP",
    "/pay/authenticate/pi_3QxYzDoesNotExist0000",
    "/pay/return?payment_intent=pi_3QxYzDoesNotExist0000",
  ]) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(404);
    expect(await res.text()).toMatch(/not found/i);
  }
  expect(await stats()).toBe(before);
});

test.describe("a local-mode server told to listen on every interface (HOST=0.0.0.0)", () => {
  test.skip(!lanAddress, "this machine has no non-loopback IPv4 interface");
  const exposedPort = port + 5;
  let server: ChildProcess | undefined;
  let stderr = "";

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    server = spawn(process.execPath, ["scripts/start.mjs", "--no-build", "--no-emulator"], {
      env: {
        ...process.env,
        HOST: "0.0.0.0",
        PORT: String(exposedPort),
        APP_URL: `http://127.0.0.1:${exposedPort}`,
        STRIPE_EMULATOR_PORT: String(emulatorPort),
        ONRAMP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "onramp-e2e-exposed-")),
        RATE_LIMIT_PAGES_PER_MINUTE: "5",
        DATABASE_URL: "",
        REDIS_URL: "",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    server.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    for (let i = 0; i < 200; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${exposedPort}/api/health`)).ok) return;
      } catch {}
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`the HOST=0.0.0.0 instance did not start:\n${stderr}`);
  });

  test.afterAll(async () => {
    server?.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 2_500));
  });

  test("it warns loudly, and /dev/* still answers only this machine, forged peer header or not", async ({
    request,
  }) => {
    expect(stderr).toContain("WARNING: HOST=0.0.0.0");
    const local = `http://127.0.0.1:${exposedPort}`;
    const remote = `http://${lanAddress}:${exposedPort}`;
    expect((await request.get(`${local}/dev/mailbox/messages`)).status()).toBe(200);
    expect((await request.get(`${local}/dev/mailbox`)).status()).toBe(200);
    const attempts: Record<string, string>[] = [
      {},
      { "x-onramp-peer": "127.0.0.1" },
      { "x-onramp-peer": "127.0.0.1", "x-onramp-peer-secret": "guessed-secret-guessed-secret-guessed" },
      { "x-forwarded-for": "127.0.0.1" },
    ];
    for (const headers of attempts) {
      for (const p of ["/dev/mailbox/messages", "/dev/mailbox", "/dev/stripe-demo"]) {
        const res = await request.get(`${remote}${p}`, { headers });
        expect(res.status(), `${p} ${JSON.stringify(headers)}`).toBe(404);
      }
      const demo = await request.post(`${remote}/dev/stripe-demo/intent`, { headers, data: {} });
      expect(demo.status()).toBe(404);
    }
  });

  test("the payment pages are rate-limited per client IP (RATE_LIMIT_PAGES_PER_MINUTE=5)", async ({
    request,
  }) => {
    const remote = `http://${lanAddress}:${exposedPort}`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await request.get(`${remote}/pay/return`)).status());
    expect(statuses.slice(0, 5).every((s) => s === 404)).toBe(true);
    expect(statuses[5]).toBe(429);
    const limited = await request.get(`${remote}/checkout/success`, {
      headers: { "x-onramp-peer": "10.1.2.3" },
    });
    expect(limited.status()).toBe(429);
    expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
    // Another client (here: loopback) keeps its own budget.
    expect((await request.get(`http://127.0.0.1:${exposedPort}/pay/return`)).status()).toBe(404);
  });
});
