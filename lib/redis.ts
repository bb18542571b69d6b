/** Shared Redis connection when REDIS_URL is set (rate limits, cross-instance wake-ups). */
import Redis from "ioredis";
import { env } from "@/lib/env";

const globalKey = Symbol.for("onramp.redis");
const g = globalThis as typeof globalThis & { [globalKey]?: Redis | null };

export function getRedis(): Redis | null {
  if (g[globalKey] === undefined) {
    const url = env().redisUrl;
    g[globalKey] = url
      ? new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2_000, lazyConnect: false })
      : null;
    // Connection errors surface on each command; an unhandled 'error' event would crash the process.
    g[globalKey]?.on("error", () => {});
  }
  return g[globalKey] ?? null;
}

export async function closeRedis(): Promise<void> {
  const client = g[globalKey];
  g[globalKey] = undefined;
  if (client) await client.quit().catch(() => client.disconnect());
}
