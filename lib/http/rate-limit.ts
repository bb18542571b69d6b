/**
 * The seed's three limiters, fixed one-minute windows, plus three keyed by IP alone: signups an hour,
 * password-hashing routes a minute (DESIGN §5) and the human payment pages a minute. In memory by default; in Redis when
 * REDIS_URL is set, so every instance shares one count (an in-memory insurance limiter takes over
 * if Redis stops answering, failing open per instance rather than refusing all traffic).
 */
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { getRedis } from "@/lib/redis";

export type LimiterName = "auth" | "billing" | "general" | "signup" | "authIp" | "pages";

export interface RateLimitOutcome {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix epoch seconds at which the window resets (what clients of the contract read). */
  resetEpochSec: number;
  retryAfterSec: number;
}

const WINDOW_SEC = 60;
const PREFIX: Record<LimiterName, string> = {
  auth: "agent-auth",
  billing: "agent-billing",
  general: "agent-general",
  signup: "agent-signup",
  authIp: "agent-auth-ip",
  // The human payment pages (/checkout/*, /pay/*) need no account and each load reads Stripe, so
  // they are limited per client IP alone; see proxy.ts.
  pages: "human-pages",
};
const WINDOW_OF: Partial<Record<LimiterName, number>> = { signup: 3_600 };

const globalKey = Symbol.for("onramp.rateLimiters");
const g = globalThis as typeof globalThis & {
  [globalKey]?: Partial<Record<LimiterName, { limiter: RateLimiterAbstract; points: number }>>;
};

export function createLimiter(
  name: string,
  points: number,
  useRedis: boolean,
  windowSec = WINDOW_SEC,
): RateLimiterAbstract {
  const redis = useRedis ? getRedis() : null;
  const memory = new RateLimiterMemory({ keyPrefix: name, points, duration: windowSec });
  if (!redis) return memory;
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${env().redisKeyPrefix}rl:${name}`,
    points,
    duration: windowSec,
    insuranceLimiter: memory,
  });
}

function limiterFor(name: LimiterName) {
  g[globalKey] ??= {};
  let entry = g[globalKey][name];
  if (!entry) {
    const points = env().rateLimits[name];
    entry = { limiter: createLimiter(PREFIX[name], points, true, WINDOW_OF[name]), points };
    g[globalKey][name] = entry;
  }
  return entry;
}

export async function consume(
  limiter: RateLimiterAbstract,
  points: number,
  key: string,
): Promise<RateLimitOutcome> {
  const now = Date.now();
  const toOutcome = (res: RateLimiterRes, allowed: boolean): RateLimitOutcome => {
    const ms = Math.max(0, res.msBeforeNext);
    return {
      allowed,
      limit: points,
      remaining: Math.max(0, res.remainingPoints),
      resetEpochSec: Math.ceil((now + ms) / 1000),
      retryAfterSec: Math.max(1, Math.ceil(ms / 1000)),
    };
  };
  try {
    return toOutcome(await limiter.consume(key, 1), true);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return toOutcome(rejection, false);
    throw rejection;
  }
}

/** Whether the last check found Redis away, so the warning is logged once per outage. */
let onInsurance = false;

/**
 * RateLimiterRedis answers from its in-memory insurance limiter while Redis is away, silently;
 * this says so in the log once an outage (limits are then per instance) and once it is over.
 */
function noteRedisState(): void {
  const redis = getRedis();
  if (!redis) return;
  const away = redis.status !== "ready";
  if (away === onInsurance) return;
  onInsurance = away;
  if (away)
    log().warn(
      { redis_status: redis.status },
      "Redis unreachable: rate limits fall back to this instance's memory",
    );
  else log().info("Redis is back: rate limits are global again");
}

export async function checkRateLimit(name: LimiterName, key: string): Promise<RateLimitOutcome> {
  const { limiter, points } = limiterFor(name);
  noteRedisState();
  const outcome = await consume(limiter, points, key);
  // A command that just failed is what tells ioredis the connection is gone.
  noteRedisState();
  return outcome;
}

/**
 * Several limiters on one request, in order, stopping at the first refusal (so a refused request
 * spends nothing from the limiters after it). Returns that refusal, or else the outcome with the
 * fewest requests left: the `X-RateLimit-*` headers then tell a client the budget that binds first.
 */
export async function checkRateLimits(
  checks: { name: LimiterName; key: string }[],
): Promise<RateLimitOutcome> {
  let tightest: RateLimitOutcome | undefined;
  for (const { name, key } of checks) {
    const outcome = await checkRateLimit(name, key);
    if (!outcome.allowed) return outcome;
    if (!tightest || outcome.remaining < tightest.remaining) tightest = outcome;
  }
  if (!tightest) throw new Error("checkRateLimits needs at least one limiter");
  return tightest;
}

/** Tests change the configured limits; this drops the cached limiters. */
export function resetRateLimiters(): void {
  g[globalKey] = {};
}

export function rateLimitHeaders(outcome: RateLimitOutcome): Record<string, string> {
  const headers: Record<string, string> = {
    "X-RateLimit-Limit": String(outcome.limit),
    "X-RateLimit-Remaining": String(outcome.remaining),
    "X-RateLimit-Reset": String(outcome.resetEpochSec),
  };
  if (!outcome.allowed) {
    headers["Retry-After"] = String(outcome.retryAfterSec);
    headers["Cache-Control"] = "no-store";
  }
  return headers;
}

/** The human payment pages' per-IP budget (RATE_LIMIT_PAGES_PER_MINUTE). */
export const checkPageRateLimit = (ip: string): Promise<RateLimitOutcome> => checkRateLimit("pages", ip);
