/**
 * What the browser needs to load Stripe.js: the publishable key, and in local mode the URL of the
 * emulator's Stripe.js stand-in. Never the secret key (reliability PCI-09).
 */
import { env } from "@/lib/env";

export interface StripeBrowserConfig {
  publishableKey: string;
  standInScriptUrl: string | null;
}

export function stripeBrowserConfig(): StripeBrowserConfig {
  const { publishableKey, apiBase } = env().stripe;
  return { publishableKey, standInScriptUrl: apiBase ? new URL("/v3/stripe.js", apiBase).toString() : null };
}
