/**
 * The one place that constructs the official Stripe SDK. With no STRIPE_SECRET_KEY it points at the
 * local emulator over plain HTTP; otherwise at api.stripe.com. Same SDK, same code path.
 */
import Stripe from "stripe";
import { env } from "@/lib/env";
import { metrics } from "@/lib/metrics/registry";

export type { Stripe };

export const STRIPE_API_VERSION = "2026-10-28.endive";

export interface StripeClientOptions {
  secretKey: string;
  /** Base URL of a Stripe-compatible server (the emulator); undefined means api.stripe.com. */
  apiBase?: URL | undefined;
  maxNetworkRetries?: number;
  timeoutMs?: number;
}

export function createStripeClient(options: StripeClientOptions): Stripe {
  const base = options.apiBase;
  return new Stripe(options.secretKey, {
    // Pinned so the emulator and real Stripe answer in the same shape whatever the account default.
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs ?? 20_000,
    telemetry: false,
    appInfo: { name: "Onramp" },
    ...(base
      ? {
          host: base.hostname,
          port: Number(base.port || (base.protocol === "https:" ? 443 : 80)),
          protocol: base.protocol === "https:" ? "https" : "http",
        }
      : {}),
  });
}

let cached: Stripe | undefined;

/** The app's client, configured from env. */
export function stripe(): Stripe {
  if (!cached) {
    const { secretKey, apiBase } = env().stripe;
    cached = createStripeClient({ secretKey, apiBase });
    // Every answer ≥ 400, retries included (a 500 stripe-node retried counts each time).
    cached.on("response", (event: { status: number }) => {
      if (event.status >= 400) metrics().stripeErrors.inc({ kind: String(event.status) });
    });
  }
  return cached;
}

/** Whether the configured key is a live-mode one: events from the other mode must be refused. */
export function configuredLivemode(): boolean {
  return /^(sk|rk)_live_/.test(env().stripe.secretKey);
}

export function resetStripeClient(): void {
  cached = undefined;
}

/** Signature check for webhook payloads (tolerance in seconds, Stripe's default 300). */
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
