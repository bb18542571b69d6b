/**
 * Runs the Stripe emulator in-process on a free port and points the app's Stripe client at it.
 * With `deliverWebhooks`, a local HTTP server receives the emulator's signed events and hands them
 * to the app's real webhook route handler, as Stripe would over the network.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { POST as webhookRoute } from "@/app/api/stripe/webhook/route";
import { type RunningEmulator, startEmulator } from "@/emulator/server";
import { env, resetEnvCache } from "@/lib/env";
import { resetStripeClient } from "@/lib/stripe/client";

export interface TestStripe {
  emulator: RunningEmulator;
  url: string;
  /** POST/GET helper for the emulator's /_emulator test endpoints. */
  helper: (path: string, body?: unknown) => Promise<any>;
  /** Tokenizes a test card with the publishable key, as an agent would with curl. */
  tokenize: (number: string) => Promise<string>;
  close: () => Promise<void>;
}

export async function useEmulator(
  options: { deliverWebhooks?: boolean; failDeliveries?: () => boolean } = {},
): Promise<TestStripe> {
  let receiver: http.Server | undefined;
  let webhook: { url: string; secret: string } | undefined;
  if (options.deliverWebhooks) {
    receiver = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      if (options.failDeliveries?.()) {
        res.writeHead(500).end("simulated outage");
        return;
      }
      const response = await webhookRoute(
        new Request("http://127.0.0.1/api/stripe/webhook", {
          method: "POST",
          headers: req.headers as Record<string, string>,
          body: Buffer.concat(chunks),
        }),
      );
      res.writeHead(response.status, { "content-type": "application/json" });
      res.end(await response.text());
    });
    await new Promise<void>((resolve) => receiver?.listen(0, "127.0.0.1", resolve));
    const port = (receiver.address() as AddressInfo).port;
    webhook = { url: `http://127.0.0.1:${port}/api/stripe/webhook`, secret: env().stripe.webhookSecret };
  }
  const emulator = await startEmulator({
    port: 0,
    webhook,
    log: () => {},
    webhookRetry: { initialDelayMs: 50, factor: 2, maxDelayMs: 400 },
  });
  process.env.STRIPE_EMULATOR_PORT = String(emulator.port);
  resetEnvCache();
  resetStripeClient();
  const helper = async (path: string, body?: unknown) => {
    const res = await fetch(`${emulator.url}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res.json();
  };
  const tokenize = async (number: string) => {
    const res = await fetch(`${emulator.url}/v1/payment_methods`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${env().stripe.publishableKey}:`).toString("base64")}`,
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
    if (!json.id) throw new Error(`tokenize failed: ${json.error?.message}`);
    return json.id;
  };
  return {
    emulator,
    url: emulator.url,
    helper,
    tokenize,
    close: async () => {
      await emulator.close();
      await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
      delete process.env.STRIPE_EMULATOR_PORT;
      resetEnvCache();
      resetStripeClient();
    },
  };
}
