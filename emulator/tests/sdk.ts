/**
 * The official `stripe` SDK, pointed at an emulator under test. The emulator's own tests drive it
 * with the SDK directly (the emulator imports nothing of the app); the app's client is
 * lib/stripe/client.ts, which pins the same API version, the SDK's own (lib/stripe/client.test.ts).
 */
import Stripe from "stripe";

export type { Stripe };

export interface SdkOptions {
  secretKey: string;
  /** Base URL of the emulator; undefined means api.stripe.com. */
  apiBase?: URL | undefined;
  maxNetworkRetries?: number;
  timeoutMs?: number;
}

export function createStripeClient(options: SdkOptions): Stripe {
  const base = options.apiBase;
  return new Stripe(options.secretKey, {
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs ?? 20_000,
    telemetry: false,
    ...(base
      ? {
          host: base.hostname,
          port: Number(base.port || (base.protocol === "https:" ? 443 : 80)),
          protocol: base.protocol === "https:" ? "https" : "http",
        }
      : {}),
  });
}

/** Stripe's signature check of a webhook payload (tolerance in seconds, Stripe's default 300). */
export function constructWebhookEvent(payload: string, header: string, secret: string, toleranceSec = 300) {
  return Stripe.webhooks.constructEvent(payload, header, secret, toleranceSec);
}

export function signWebhookPayload(payload: string, secret: string, timestamp?: number): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    ...(timestamp === undefined ? {} : { timestamp }),
  });
}
