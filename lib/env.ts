/**
 * The only reader of process.env. Everything is validated with zod on first use (not at import, so
 * `next build` never needs runtime configuration) and cached; a bad variable fails with a message
 * that names it.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { z } from "zod";
import { ensurePrivateDir, tightenFile } from "./private-files";

const emptyAsUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const optionalUrl = (protocols: RegExp) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine((v) => URL.canParse(v) && protocols.test(new URL(v).protocol), "must be a valid URL")
      .optional(),
  );
const intIn = (min: number, max: number, fallback: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number().int().min(min).max(max).default(fallback));
const flag = z.preprocess(
  emptyAsUndefined,
  z
    .enum(["0", "1", "true", "false", "yes", "no"])
    .optional()
    .transform((v) => (v === undefined ? undefined : ["1", "true", "yes"].includes(v))),
);

/** GENERATION_PRICES_JSON: `{"model_id": {"WxH": cents per image, …}, …}`. */
const priceTable = z
  .record(
    z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "model ids are letters, digits, '.', '_' or '-'"),
    z
      .record(
        z.string().regex(/^\d{2,4}x\d{2,4}$/, 'sizes look like "1024x1024"'),
        z.number().int("prices are whole cents").min(0).max(100_000),
      )
      .refine((sizes) => Object.keys(sizes).length > 0, "each model needs at least one size"),
  )
  .refine((models) => Object.keys(models).length > 0, "the table needs at least one model");
const priceTableJson = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .optional()
    .transform((text, ctx): unknown => {
      if (text === undefined) return undefined;
      try {
        return JSON.parse(text);
      } catch {
        ctx.addIssue({ code: "custom", message: "must be valid JSON" });
        return z.NEVER;
      }
    })
    .pipe(priceTable.optional()),
);

const schema = z
  .object({
    NODE_ENV: z.preprocess(
      emptyAsUndefined,
      z.enum(["development", "production", "test"]).default("development"),
    ),
    PORT: intIn(1, 65535, 3000),
    HOST: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]+|[A-Za-z0-9.-]+)$/, "must be an IP address or a host name")
        // listen() wants IPv6 without the URL brackets.
        .transform((h) => h.replace(/^\[(.*)\]$/, "$1"))
        .optional(),
    ),
    /** Set by scripts/start.mjs for its own Next server (see lib/http/client-ip.ts); not for operators. */
    ONRAMP_PEER_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32).optional()),
    ONRAMP_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default("./.data")),
    ONRAMP_LOCAL_MODE: flag,
    DATABASE_URL: optionalUrl(/^postgres(ql)?:$/),
    PGLITE_DIR: optionalString,
    STRIPE_SECRET_KEY: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, "must look like sk_test_… or sk_live_…")
        .optional(),
    ),
    STRIPE_PUBLISHABLE_KEY: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^pk_(test|live)_[A-Za-z0-9_]+$/, "must look like pk_test_… or pk_live_…")
        .optional(),
    ),
    STRIPE_WEBHOOK_SECRET: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^whsec_\S+$/, "must look like whsec_…")
        .optional(),
    ),
    STRIPE_EMULATOR_PORT: intIn(1, 65535, 12111),
    STRIPE_EMULATOR_HOST: z.preprocess(emptyAsUndefined, z.string().default("127.0.0.1")),
    STRIPE_WEBHOOK_URL: optionalUrl(/^https?:$/),
    SMTP_URL: optionalUrl(/^smtps?:$/),
    MAIL_FROM: z.preprocess(emptyAsUndefined, z.string().default("Onramp <no-reply@onramp.local>")),
    REDIS_URL: optionalUrl(/^rediss?:$/),
    /** Starts every Redis key and pub/sub channel, so deployments (or test runs) sharing one Redis never meet. */
    REDIS_KEY_PREFIX: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9:._-]{1,64}$/, "1 to 64 letters, digits, ':', '.', '_' or '-'")
        .default("onramp:"),
    ),
    APP_URL: optionalUrl(/^https?:$/),
    AUTH_SECRET: z.preprocess(
      emptyAsUndefined,
      z.string().min(32, "must be at least 32 characters").optional(),
    ),
    RATE_LIMIT_AUTH_PER_MINUTE: intIn(1, 1_000_000, 20),
    RATE_LIMIT_BILLING_PER_MINUTE: intIn(1, 1_000_000, 15),
    RATE_LIMIT_GENERAL_PER_MINUTE: intIn(1, 1_000_000, 120),
    RATE_LIMIT_PAGES_PER_MINUTE: intIn(1, 1_000_000, 30),
    RATE_LIMIT_SIGNUP_PER_HOUR: intIn(1, 1_000_000, 5),
    RATE_LIMIT_AUTH_IP_PER_MINUTE: intIn(1, 1_000_000, 60),
    PASSWORD_HASH_CONCURRENCY: intIn(1, 64, 2),
    PASSWORD_HASH_QUEUE_MAX: intIn(0, 100_000, 32),
    PASSWORD_HASH_QUEUE_TIMEOUT_MS: intIn(0, 60_000, 5_000),
    TRUSTED_PROXIES: intIn(0, 10, 0),
    AUTH_RESPONSE_FLOOR_MS: intIn(0, 5_000, 150),
    IDEMPOTENCY_RETENTION_HOURS: intIn(24, 24 * 365, 24),
    FUND_MIN_USD: intIn(1, 1_000_000, 10),
    FUND_MAX_USD: intIn(1, 1_000_000, 10_000),
    APPROVAL_TTL_HOURS: intIn(1, 24 * 90, 72),
    GENERATION_PROVIDER: z.preprocess(emptyAsUndefined, z.enum(["builtin", "upstream"]).default("builtin")),
    GENERATION_UPSTREAM_URL: optionalUrl(/^https?:$/),
    GENERATION_UPSTREAM_KEY: optionalString,
    GENERATION_PRICES_JSON: priceTableJson,
    LOG_LEVEL: z.preprocess(
      emptyAsUndefined,
      z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    ),
    LOG_FILE: optionalString,
    METRICS_TOKEN: z.preprocess(
      emptyAsUndefined,
      z.string().min(16, "must be at least 16 characters").optional(),
    ),
    /** Names this process in `X-Onramp-Instance` (scripts/start-cluster.mjs sets one per instance). */
    ONRAMP_INSTANCE: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9._-]{1,64}$/, "letters, digits, '.', '_' or '-'")
        .optional(),
    ),
    /** Test-only crash points (lib/fault-points.ts); ignored unless Stripe is the local emulator. */
    ONRAMP_FAULT_POINTS: optionalString,
  })
  .superRefine((v, ctx) => {
    if (v.STRIPE_SECRET_KEY && !v.STRIPE_PUBLISHABLE_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["STRIPE_PUBLISHABLE_KEY"],
        message: "is required when STRIPE_SECRET_KEY is set",
      });
    }
    if (v.GENERATION_PROVIDER === "upstream") {
      for (const name of ["GENERATION_UPSTREAM_URL", "GENERATION_UPSTREAM_KEY"] as const) {
        if (v[name]) continue;
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: "is required when GENERATION_PROVIDER=upstream",
        });
      }
    }
    if (v.ONRAMP_LOCAL_MODE === true && /^(sk|rk)_live_/.test(v.STRIPE_SECRET_KEY ?? "")) {
      ctx.addIssue({
        code: "custom",
        path: ["ONRAMP_LOCAL_MODE"],
        message:
          "cannot be on with a live Stripe key: local mode serves /dev/* (every emailed code and reset link) and seeds free coupons. Use an sk_test_ key, or unset ONRAMP_LOCAL_MODE",
      });
    }
    if (v.FUND_MIN_USD > v.FUND_MAX_USD) {
      ctx.addIssue({ code: "custom", path: ["FUND_MIN_USD"], message: "must not exceed FUND_MAX_USD" });
    }
  });

type Raw = z.output<typeof schema>;

/** Keys the emulator accepts; any sk_test_/pk_test_ works there, these are just the defaults we hand out. */
export const EMULATOR_SECRET_KEY = "sk_test_onramp_emulator";
export const EMULATOR_PUBLISHABLE_KEY = "pk_test_onramp_emulator";

export interface Env {
  nodeEnv: Raw["NODE_ENV"];
  port: number;
  /** The address the server listens on; undefined means every interface. */
  host: string | undefined;
  /** Set when local mode listens beyond loopback: scripts/start.mjs prints it loudly. */
  hostWarning: string | null;
  dataDir: string;
  localMode: boolean;
  appUrl: string;
  authSecret: string;
  database: { kind: "postgres"; url: string } | { kind: "pglite"; dir: string };
  stripe: {
    mode: "emulator" | "stripe";
    secretKey: string;
    publishableKey: string;
    webhookSecret: string;
    /** Where the SDK sends requests: undefined means api.stripe.com. */
    apiBase: URL | undefined;
    emulatorPort: number;
    emulatorHost: string;
    webhookUrl: string;
  };
  mail: { kind: "smtp"; url: string; from: string } | { kind: "outbox"; from: string };
  redisUrl: string | undefined;
  /** Prefix of every Redis key and channel (REDIS_KEY_PREFIX, `onramp:` by default). */
  redisKeyPrefix: string;
  /**
   * Requests per window: auth (per IP+email), billing and general (per IP+user) a minute; signup
   * (per IP) an hour; authIp (per IP, every route that hashes or checks a password) and pages (per
   * IP, the human payment pages /checkout/* and /pay/*, which read Stripe) a minute.
   */
  rateLimits: {
    auth: number;
    billing: number;
    general: number;
    signup: number;
    authIp: number;
    pages: number;
  };
  /** Argon2 jobs at once, how many may wait, and for how long, before 503 server_busy. */
  passwordHashing: { concurrency: number; queueMax: number; queueTimeoutMs: number };
  trustedProxies: number;
  /** Proves an `x-onramp-peer` header was stamped by scripts/start.mjs (lib/http/client-ip.ts). */
  peerSecret: string | undefined;
  /** Signup, forgot-password and resend answer no sooner than this, known address or not. */
  authResponseFloorMs: number;
  idempotencyRetentionHours: number;
  fund: { minUsd: number; maxUsd: number };
  /** How long a held request waits for an owner or admin before it expires. */
  approvalTtlHours: number;
  generation: {
    provider: "builtin" | "upstream";
    /** Base URL of a ModelsLab-compatible service (the upstream provider posts to /api/v6|v7/...). */
    upstreamUrl: string | undefined;
    upstreamKey: string | undefined;
    /** Cents per image by model id and "WxH" size; replaces the built-in price table when set. */
    prices: Record<string, Record<string, number>> | undefined;
  };
  logLevel: Raw["LOG_LEVEL"];
  /** Append the JSON log lines to this file instead of stdout (the test runs scan it afterwards). */
  logFile: string | undefined;
  /** Bearer token for /metrics from beyond loopback; unset: /metrics answers loopback only. */
  metricsToken: string | undefined;
  /** This process's name in `X-Onramp-Instance`. */
  instance: string;
  /** Armed crash points (tests only): name → action. Empty unless Stripe is the emulator, so never in production. */
  faultPoints: Record<string, "exit" | "throw">;
}

export class EnvError extends Error {
  override name = "EnvError";
}

/** Reads `file` or writes `make()` into it once, so a generated secret survives restarts. */
function persistentSecret(file: string, make: () => string): string {
  ensurePrivateDir(path.dirname(file));
  if (existsSync(file)) {
    const value = readFileSync(file, "utf8").trim();
    if (value) {
      tightenFile(file);
      return value;
    }
  }
  const value = make();
  try {
    writeFileSync(file, `${value}\n`, { flag: "wx", mode: 0o600 });
    return value;
  } catch {
    // Another process won the race: use what it wrote.
    return readFileSync(file, "utf8").trim();
  }
}

/** `name` or `name:exit|throw`, comma-separated; `exit` (a kill -9 stand-in) by default. */
function parseFaultPoints(value: string | undefined): Record<string, "exit" | "throw"> {
  const out: Record<string, "exit" | "throw"> = {};
  for (const item of (value ?? "").split(",").map((s) => s.trim())) {
    if (!item) continue;
    const [name = "", action] = item.split(":");
    out[name] = action === "throw" ? "throw" : "exit";
  }
  return out;
}

const isLoopbackHost = (host: string) => /^(localhost|127(\.\d{1,3}){3}|::1)$/i.test(host);

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const v = result.data;
  const dataDir = path.resolve(v.ONRAMP_DATA_DIR);
  const appUrl = (v.APP_URL ?? `http://localhost:${v.PORT}`).replace(/\/+$/, "");
  const emulated = !v.STRIPE_SECRET_KEY;
  const localMode = emulated || v.ONRAMP_LOCAL_MODE === true;
  // Local mode serves the mailbox and test keys: reachable from this machine only, unless told.
  const host = v.HOST ?? (localMode ? "127.0.0.1" : undefined);
  const emulatorBase = new URL(`http://${v.STRIPE_EMULATOR_HOST}:${v.STRIPE_EMULATOR_PORT}`);
  const webhookSecret =
    v.STRIPE_WEBHOOK_SECRET ??
    persistentSecret(
      path.join(dataDir, "stripe-webhook-secret"),
      () => `whsec_${randomBytes(24).toString("hex")}`,
    );
  return {
    nodeEnv: v.NODE_ENV,
    port: v.PORT,
    host,
    hostWarning:
      localMode && host !== undefined && !isLoopbackHost(host)
        ? `HOST=${host} makes this local-mode server (Stripe emulator, test keys, demo coupons) reachable from other machines. /dev/* still answers only this machine, but anyone who can reach the port can sign up and use the demo coupons. Use HOST=127.0.0.1 unless you mean it.`
        : null,
    dataDir,
    localMode,
    appUrl,
    authSecret:
      v.AUTH_SECRET ??
      persistentSecret(path.join(dataDir, "secret"), () => randomBytes(32).toString("base64url")),
    database: v.DATABASE_URL
      ? { kind: "postgres", url: v.DATABASE_URL }
      : { kind: "pglite", dir: v.PGLITE_DIR ?? path.join(dataDir, "pglite") },
    stripe: {
      mode: emulated ? "emulator" : "stripe",
      secretKey: v.STRIPE_SECRET_KEY ?? EMULATOR_SECRET_KEY,
      publishableKey: v.STRIPE_PUBLISHABLE_KEY ?? EMULATOR_PUBLISHABLE_KEY,
      webhookSecret,
      apiBase: emulated ? emulatorBase : undefined,
      emulatorPort: v.STRIPE_EMULATOR_PORT,
      emulatorHost: v.STRIPE_EMULATOR_HOST,
      webhookUrl: v.STRIPE_WEBHOOK_URL ?? `${appUrl}/api/stripe/webhook`,
    },
    mail: v.SMTP_URL
      ? { kind: "smtp", url: v.SMTP_URL, from: v.MAIL_FROM }
      : { kind: "outbox", from: v.MAIL_FROM },
    redisUrl: v.REDIS_URL,
    redisKeyPrefix: v.REDIS_KEY_PREFIX,
    rateLimits: {
      auth: v.RATE_LIMIT_AUTH_PER_MINUTE,
      billing: v.RATE_LIMIT_BILLING_PER_MINUTE,
      general: v.RATE_LIMIT_GENERAL_PER_MINUTE,
      signup: v.RATE_LIMIT_SIGNUP_PER_HOUR,
      authIp: v.RATE_LIMIT_AUTH_IP_PER_MINUTE,
      pages: v.RATE_LIMIT_PAGES_PER_MINUTE,
    },
    passwordHashing: {
      concurrency: v.PASSWORD_HASH_CONCURRENCY,
      queueMax: v.PASSWORD_HASH_QUEUE_MAX,
      queueTimeoutMs: v.PASSWORD_HASH_QUEUE_TIMEOUT_MS,
    },
    trustedProxies: v.TRUSTED_PROXIES,
    peerSecret: v.ONRAMP_PEER_SECRET,
    authResponseFloorMs: v.AUTH_RESPONSE_FLOOR_MS,
    idempotencyRetentionHours: v.IDEMPOTENCY_RETENTION_HOURS,
    fund: { minUsd: v.FUND_MIN_USD, maxUsd: v.FUND_MAX_USD },
    approvalTtlHours: v.APPROVAL_TTL_HOURS,
    generation: {
      provider: v.GENERATION_PROVIDER,
      upstreamUrl: v.GENERATION_UPSTREAM_URL?.replace(/\/+$/, ""),
      upstreamKey: v.GENERATION_UPSTREAM_KEY,
      prices: v.GENERATION_PRICES_JSON,
    },
    logLevel: v.LOG_LEVEL,
    logFile: v.LOG_FILE,
    metricsToken: v.METRICS_TOKEN,
    instance: v.ONRAMP_INSTANCE ?? `${hostname()}-${v.PORT}`,
    // Production always has a real Stripe key; a build runs as NODE_ENV=production even in tests.
    faultPoints: emulated ? parseFaultPoints(v.ONRAMP_FAULT_POINTS) : {},
  };
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests change process.env between suites; this drops the cached parse. */
export function resetEnvCache(): void {
  cached = undefined;
}
