/**
 * The emulator's virtual clock: real time plus an offset that `/_emulator/clock/advance` moves
 * forward (like Stripe test clocks, but for the whole emulator). Renewals, trial ends and session
 * expiries are computed against it; webhook signatures use real time because the receiver checks
 * them against its own clock, and idempotency keys expire in real time as Stripe's do (a test clock
 * never prunes them).
 */
export interface Clock {
  /** Unix seconds. */
  now(): number;
  nowMs(): number;
  /** Wall-clock milliseconds, unmoved by advances: for what Stripe times in real time. */
  realNowMs(): number;
  offsetSeconds(): number;
  advance(seconds: number): void;
  setOffset(seconds: number): void;
}

export function createClock(realNowMs: () => number = Date.now, offsetSeconds = 0): Clock {
  let offset = offsetSeconds;
  return {
    nowMs: () => realNowMs() + offset * 1000,
    realNowMs,
    now: () => Math.floor((realNowMs() + offset * 1000) / 1000),
    offsetSeconds: () => offset,
    advance(seconds) {
      if (!Number.isFinite(seconds) || seconds < 0)
        throw new RangeError("seconds must be a non-negative number");
      offset += Math.floor(seconds);
    },
    setOffset(seconds) {
      offset = seconds;
    },
  };
}
