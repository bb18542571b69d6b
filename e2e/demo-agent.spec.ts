import { spawn } from "node:child_process";
import { expect, test } from "@playwright/test";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run demo:agent -- …`, with `onOutput` seeing stdout as it comes. */
function demo(args: string[], onOutput: (stdout: string) => void = () => {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "demo:agent", "--", ...args], {
      cwd: process.cwd(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      onOutput(stdout);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Nothing secret in clear: tokens, keys, the mailed code and the card number are masked. */
function expectMasked(output: string) {
  expect(output).not.toMatch(/onr_at_[A-Za-z0-9_-]{12,}/);
  expect(output).not.toMatch(/onr_ak_[A-Za-z0-9_-]{12,}/);
  expect(output).not.toMatch(/\bvc_[a-z0-9]{6,}/);
  expect(output).not.toContain("4242424242424242");
  expect(output).toContain("Bearer ");
}

test("npm run demo:agent plays the seed's five calls against the running app, printing each request and answer", async ({
  baseURL,
}) => {
  test.setTimeout(120_000);
  const run = await demo(["--base-url", baseURL!]);
  expect(run.code, run.stderr || run.stdout.slice(-2000)).toBe(0);
  const requests = [
    /POST \S+\/api\/agents\/v1\/auth\/signup\n/,
    /GET \S+\/dev\/mailbox\/messages\?to=\S+\n/,
    /POST \S+\/api\/agents\/v1\/auth\/verify-email\n/,
    /GET \S+\/api\/agents\/v1\/billing\/stripe-config\n/,
    /POST \S+\/v1\/payment_methods\n/,
    /POST \S+\/api\/agents\/v1\/wallet\/fund\n/,
    /POST \S+\/api\/v6\/images\/text2img\n/,
    /GET \S+\/api\/agents\/v1\/wallet\/balance\n/,
  ];
  let rest = run.stdout;
  for (const line of requests) {
    const found = line.exec(rest);
    expect(found, `${line} follows the previous request`).toBeTruthy();
    rest = rest.slice(found!.index + found![0].length);
  }
  expect(run.stdout).toContain("201 Created");
  expect(run.stdout).toMatch(/"balance": 25/);
  expect(run.stdout).toMatch(/✔ Done: .+ funded \$25, generated http\S+, balance \$\d+(\.\d+)?\./);
  expectMasked(run.stdout);
});

test("npm run demo:agent -- --human prints the payment link, waits, and finishes once a person has paid", async ({
  baseURL,
}) => {
  test.setTimeout(120_000);
  let paid: Promise<Response> | undefined;
  const run = await demo(
    ["--base-url", baseURL!, "--human", "--amount", "15", "--timeout", "90"],
    (stdout) => {
      const url = /^\s+(http\S+)\s*$/m.exec(stdout)?.[1];
      const session = /session_id: (cs_\S+)/.exec(stdout)?.[1];
      if (!paid && url && session && stdout.includes("Waiting for the payment")) {
        // The person: pays the emulator's hosted Checkout page for this session.
        paid = fetch(`${new URL(url).origin}/_emulator/checkout/sessions/${session}/complete`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ card: "4242424242424242" }),
        });
      }
    },
  );
  expect(paid, "the demo printed a payment link and a session id").toBeTruthy();
  expect((await paid!).status).toBe(200);
  expect(run.code, run.stderr || run.stdout.slice(-2000)).toBe(0);
  expect(run.stdout).toContain("Open this link in a browser and pay");
  expect(run.stdout).toContain("POST /billing/payment-link");
  expect(run.stdout).toMatch(/GET \S+\/billing\/payment-link\/cs_\S+\?wait=\d+/);
  expect(run.stdout).toMatch(/"status": "fulfilled"/);
  expect(run.stdout).toMatch(/"already_confirmed": true/);
  expect(run.stdout).toMatch(/✔ Done: .+ funded \$15, generated http\S+, balance \$\d+(\.\d+)?\./);
  expect(run.stdout).not.toMatch(/POST \S+\/wallet\/fund/);
  expectMasked(run.stdout);
});
