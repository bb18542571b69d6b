/**
 * What `/api/health` reports for payments. With real keys it is "stripe" (never probed: health
 * checks must not spend Stripe's rate limit). Without keys the app depends on the local emulator;
 * when nothing answers there (`npm start -- --no-emulator`, or `next start` on its own) no payment
 * can work, so it says "unconfigured" rather than pretend.
 */
import { connect } from "node:net";
import { env } from "@/lib/env";

const PROBE_TIMEOUT_MS = 500;

export type StripeAvailability = "stripe" | "emulator" | "unconfigured";

export async function stripeAvailability(): Promise<StripeAvailability> {
  const { mode, apiBase } = env().stripe;
  if (mode === "stripe") return "stripe";
  if (!apiBase) return "unconfigured";
  const url = new URL("/_emulator/clock", apiBase);
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await res.body?.cancel();
    return res.ok ? "emulator" : "unconfigured";
  } catch (error) {
    // A slow answer is not an absent emulator: on a busy machine (or while the emulator shares the
    // process, as in tests) its reply can take longer than the probe waits. Whether anything listens
    // is settled by the kernel's accept, which does not wait for the emulator's event loop.
    if (error instanceof Error && error.name === "TimeoutError") {
      return (await listening(url)) ? "emulator" : "unconfigured";
    }
    return "unconfigured";
  }
}

function listening(url: URL): Promise<boolean> {
  const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port, timeout: PROBE_TIMEOUT_MS });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once("connect", () => done(true));
    socket.once("timeout", () => done(false));
    socket.once("error", () => done(false));
  });
}
