/**
 * An in-process bulkhead for metering: at most LANE_WIDTH of one account's debits run at once;
 * the rest wait here, in memory, instead of on pooled database connections stuck behind the
 * account's wallet row lock. A burst on one wallet then cannot exhaust the pool for everyone else,
 * and requests queued behind a balance that has run out are refused by the cheap pre-check without
 * touching the lock. Correctness does not depend on it — the row lock does that across instances.
 */
import { AppError } from "@/lib/errors";

const LANE_WIDTH = 2;
const MAX_WAITING = 5_000;

interface Lane {
  active: number;
  waiting: Array<() => void>;
}

// On globalThis: Next may load this module once per route bundle, and the lanes must be shared.
const globalKey = Symbol.for("onramp.generationLanes");
const g = globalThis as typeof globalThis & { [globalKey]?: Map<string, Lane> };
g[globalKey] ??= new Map();
const lanes = g[globalKey];

export async function inAccountLane<T>(accountId: string, work: () => Promise<T>): Promise<T> {
  let lane = lanes.get(accountId);
  if (!lane) {
    lane = { active: 0, waiting: [] };
    lanes.set(accountId, lane);
  }
  if (lane.active < LANE_WIDTH) {
    lane.active++;
  } else {
    if (lane.waiting.length >= MAX_WAITING) {
      throw new AppError(
        "service_unavailable",
        "Too many generation requests are waiting for this account. Retry shortly.",
        {
          headers: { "Retry-After": "1" },
        },
      );
    }
    const queue = lane.waiting;
    // The finishing request hands its slot over, so `active` already counts this one.
    await new Promise<void>((resolve) => queue.push(resolve));
  }
  try {
    return await work();
  } finally {
    const next = lane.waiting.shift();
    if (next) next();
    else if (--lane.active === 0) lanes.delete(accountId);
  }
}
