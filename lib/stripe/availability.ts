/**
 * What `/api/health` reports for payments. With real keys it is "stripe" (never probed: health
 * checks must not spend Stripe's rate limit). Without keys the app depends on the local emulator;
 * when nothing answers there (`npm start -- --no-emulator`, or `next start` on its own) no payment
 * can work, so it says "unconfigured" rather than pretend.
 */
import { env } from "@/lib/env";

const PROBE_TIMEOUT_MS = 500;

export type StripeAvailability = "stripe" | "emulator" | "unconfigured";

export async function stripeAvailability(): Promise<StripeAvailability> {
  const { mode, apiBase } = env().stripe;
  if (mode === "stripe") return "stripe";
  if (!apiBase) return "unconfigured";
  try {
    const res = await fetch(new URL("/_emulator/clock", apiBase), {
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    await res.body?.cancel();
    return res.ok ? "emulator" : "unconfigured";
  } catch {
    return "unconfigured";
  }
}
