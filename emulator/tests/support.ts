/** Shared test scaffolding: an emulator on port 0, SDK clients, a webhook receiver. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "../server";
import { createStripeClient, type Stripe } from "./sdk";

export const SK = "sk_test_emulator_tests";
export const PK = "pk_test_emulator_tests";
export const WHSEC = "whsec_emulator_tests_secret";

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  event: { id: string; type: string; data: { object: Record<string, unknown> } };
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Status to answer for the next request (default 200). */
  respond: (r: Received) => number;
  close(): Promise<void>;
  waitFor(predicate: (r: Received) => boolean, timeoutMs?: number): Promise<Received>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const receiver: Receiver = {
    url: "",
    received,
    respond: () => 200,
    close: async () => {},
    waitFor: async () => {
      throw new Error("not ready");
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const entry: Received = { headers: req.headers, body, event: JSON.parse(body) };
      received.push(entry);
      res.writeHead(receiver.respond(entry), { "content-type": "text/plain" });
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  receiver.close = () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  // Generous: deliveries queue behind every event the test caused, and a loaded CI machine (the
  // suite ran at a load of 35 on 2 cores) needs far longer than an idle one; a hit returns at once.
  receiver.waitFor = async (predicate, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const hit = received.find(predicate);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(
      `webhook not received within ${timeoutMs} ms; got: ${received.map((r) => r.event.type).join(", ")}`,
    );
  };
  return receiver;
}

export interface Harness {
  emu: RunningEmulator;
  stripe: Stripe;
  pk: Stripe;
  receiver: Receiver | undefined;
  /** POST/GET to the emulator's /_emulator helpers with a JSON body. */
  // biome-ignore lint/suspicious/noExplicitAny: helper answers are asserted field by field in tests
  helper(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  raw(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export async function setup(
  options: Partial<EmulatorOptions> & { withWebhooks?: boolean; retries?: number } = {},
): Promise<Harness> {
  const receiver = options.withWebhooks ? await startReceiver() : undefined;
  const { withWebhooks: _w, retries, ...rest } = options;
  const emu = await startEmulator({
    port: 0,
    log: () => {},
    ...(receiver ? { webhook: { url: receiver.url, secret: WHSEC } } : {}),
    webhookRetry: { initialDelayMs: 20, factor: 2, maxDelayMs: 200, maxAttempts: 4, timeoutMs: 2000 },
    ...rest,
  });
  const apiBase = new URL(emu.url);
  const stripe = createStripeClient({
    secretKey: SK,
    apiBase,
    maxNetworkRetries: retries ?? 0,
    timeoutMs: 10_000,
  });
  const pk = createStripeClient({ secretKey: PK, apiBase, maxNetworkRetries: 0, timeoutMs: 10_000 });
  return {
    emu,
    stripe,
    pk,
    receiver,
    async helper(method, path, body) {
      const res = await fetch(`${emu.url}${path}`, {
        method,
        headers: { "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: await res.json() };
    },
    raw: (path, init) => fetch(`${emu.url}${path}`, init),
    async close() {
      await emu.close();
      await receiver?.close();
    },
  };
}

/** A PaymentMethod created the browser way: publishable key and raw card fields. */
export async function cardPm(h: Harness, number: string): Promise<Stripe.PaymentMethod> {
  return h.pk.paymentMethods.create({
    type: "card",
    card: {
      number,
      exp_month: 12,
      exp_year: new Date().getUTCFullYear() + 5,
      cvc: number.length === 15 ? "1234" : "123",
    },
  });
}

/** Runs `fn`, expecting a Stripe error; returns it. */
// biome-ignore lint/suspicious/noExplicitAny: Stripe errors carry raw fields the tests inspect
export async function stripeError(fn: () => Promise<unknown>): Promise<any> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a Stripe error, but the call succeeded");
}

export const SERVER_CONFIRM = {
  automatic_payment_methods: { enabled: true, allow_redirects: "never" as const },
};
