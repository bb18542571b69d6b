/**
 * A counting semaphore in front of argon2. Each hash or verify holds ~19 MiB and a libuv pool
 * thread for tens of milliseconds; without a bound, a burst of sign-ins (from many IPs, so no rate
 * limit applies) queues unbounded work, starves the pool that file system and DNS calls share, and
 * slows every request. With it, at most `concurrency` jobs run, at most `queueMax` wait (each for
 * at most `queueTimeoutMs`), and anything beyond answers 503 server_busy at once.
 */
import { AppError } from "@/lib/errors";

export interface GateLimits {
  concurrency: number;
  queueMax: number;
  queueTimeoutMs: number;
}

export interface Gate {
  run<T>(job: () => Promise<T>): Promise<T>;
  /** Jobs running and waiting now (for tests and diagnostics). */
  load(): { active: number; queued: number };
}

/** Seconds a refused caller is told to wait: a queue slot frees within one argon2 job. */
export const BUSY_RETRY_AFTER_SEC = 1;

export const serverBusy = () =>
  new AppError("server_busy", "The server is busy checking passwords. Retry in a moment.", {
    headers: { "Retry-After": String(BUSY_RETRY_AFTER_SEC) },
  });

interface Waiter {
  start: () => void;
  timer: NodeJS.Timeout | undefined;
}

export function createGate(limits: GateLimits): Gate {
  let active = 0;
  const queue: Waiter[] = [];

  const release = () => {
    const next = queue.shift();
    if (!next) {
      active -= 1;
      return;
    }
    // The slot passes straight to the next waiter, so `active` never exceeds the limit.
    clearTimeout(next.timer);
    next.start();
  };

  const acquire = (): Promise<void> => {
    if (active < limits.concurrency) {
      active += 1;
      return Promise.resolve();
    }
    if (queue.length >= limits.queueMax) return Promise.reject(serverBusy());
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { start: resolve, timer: undefined };
      waiter.timer = setTimeout(() => {
        const at = queue.indexOf(waiter);
        if (at >= 0) queue.splice(at, 1);
        reject(serverBusy());
      }, limits.queueTimeoutMs);
      waiter.timer.unref?.();
      queue.push(waiter);
    });
  };

  return {
    async run(job) {
      await acquire();
      try {
        return await job();
      } finally {
        release();
      }
    },
    load: () => ({ active, queued: queue.length }),
  };
}
