/**
 * Signup, forgot-password and resend-verification do different database work for a known address
 * than for an unknown one (create a user vs. notify its owner; mint a token vs. nothing), and the
 * difference is measurable from outside (reliability AUTH-10: 10 ms on signup, and distinguishable
 * distributions on all three). Both cases therefore answer no sooner than a fixed floor above their
 * usual cost, which leaves only timer jitter to tell them apart. `npm run bench:enumeration`
 * measures it.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { env } from "@/lib/env";

export async function answerNoSoonerThanFloor<T>(work: () => Promise<T>): Promise<T> {
  const floorMs = env().authResponseFloorMs;
  const started = performance.now();
  try {
    return await work();
  } finally {
    const left = floorMs - (performance.now() - started);
    if (left > 0) await sleep(left);
  }
}
