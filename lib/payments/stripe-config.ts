/** What an agent needs to tokenize a card itself. Read from config on every call, so a rotated key needs no code change. */
import { env } from "@/lib/env";

export interface StripeConfig {
  publishableKey: string;
  /** Where PaymentMethods are created: Stripe's API, or the emulator's. */
  apiBase: string;
  mode: "test_emulator" | "live" | "test";
}

export function stripeConfig(): StripeConfig {
  const { publishableKey, apiBase, mode } = env().stripe;
  return {
    publishableKey,
    apiBase: apiBase ? apiBase.toString().replace(/\/$/, "") : "https://api.stripe.com",
    mode: mode === "emulator" ? "test_emulator" : publishableKey.startsWith("pk_live_") ? "live" : "test",
  };
}
