/**
 * What GET /api/health reports: the database answering (and which kind), Stripe's availability and
 * the mail transport. Read here so the door never touches lib/db.
 */
import { databaseKind, getDb, pingDatabase } from "@/lib/db/client";
import { migrationStatus } from "@/lib/db/migration-status";
import { env } from "@/lib/env";
import { getRedis } from "@/lib/redis";
import { isShuttingDown } from "@/lib/shutdown";
import { stripeAvailability } from "@/lib/stripe/availability";

export interface HealthReport {
  database: { ok: true; kind: Awaited<ReturnType<typeof databaseKind>> } | { ok: false; kind: string };
  stripe: Awaited<ReturnType<typeof stripeAvailability>>;
  mail: string;
}

export async function healthReport(): Promise<HealthReport> {
  const config = env();
  const [stripe, database] = await Promise.all([
    stripeAvailability(),
    pingDatabase().then(
      async () => ({ ok: true as const, kind: await databaseKind() }),
      () => ({ ok: false as const, kind: config.database.kind }),
    ),
  ]);
  return { database, stripe, mail: config.mail.kind };
}

export interface ReadinessReport {
  ready: boolean;
  checks: {
    database: "ok" | "unreachable";
    migrations: "ok" | "pending" | "unknown";
    redis: "ok" | "unreachable" | "not_configured";
    draining: boolean;
  };
}

const REDIS_PING_MS = 1_000;

async function redisCheck(): Promise<ReadinessReport["checks"]["redis"]> {
  const redis = getRedis();
  if (!redis) return "not_configured";
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error("redis ping timed out")), REDIS_PING_MS).unref(),
  );
  return Promise.race([redis.ping(), timeout]).then(
    () => "ok" as const,
    () => "unreachable" as const,
  );
}

async function migrationsCheck(): Promise<{
  database: ReadinessReport["checks"]["database"];
  migrations: ReadinessReport["checks"]["migrations"];
}> {
  try {
    await pingDatabase();
    const status = await migrationStatus(await getDb());
    return { database: "ok", migrations: status.applied ? "ok" : "pending" };
  } catch {
    return { database: "unreachable", migrations: "unknown" };
  }
}

/**
 * GET /api/ready: whether a load balancer should send this instance traffic — the database
 * answers with every migration of this build applied, Redis answers when it is configured, and
 * the instance is not draining for a shutdown.
 */
export async function readinessReport(): Promise<ReadinessReport> {
  const [db, redis] = await Promise.all([migrationsCheck(), redisCheck()]);
  const draining = isShuttingDown();
  const checks = { ...db, redis, draining };
  const ready = db.database === "ok" && db.migrations === "ok" && redis !== "unreachable" && !draining;
  return { ready, checks };
}
