/**
 * Every spec signs people up and logs in from 127.0.0.1, so the per-IP limits (5 signups an hour)
 * would refuse the suite itself; the defaults are proven by the unit tests. The servers the specs
 * start use these instead — also, and above all, the ones on the machine's shared Redis, whose
 * per-IP buckets other suites on this machine (the cluster tests, another run) fill too.
 */
export const RELAXED_PER_IP_LIMITS = {
  RATE_LIMIT_SIGNUP_PER_HOUR: "1000000",
  RATE_LIMIT_AUTH_IP_PER_MINUTE: "1000000",
} as const;

/**
 * REDIS_KEY_PREFIX for the servers a spec starts on the machine's shared Redis: one per run (the
 * instances of one spec share it, as one deployment does), so no other run or suite ever spends
 * from the same rate-limit buckets or hears the same wake-ups.
 */
export const RUN_REDIS_KEY_PREFIX = `onramp-e2e-${process.pid}-${Date.now().toString(36)}:`;
