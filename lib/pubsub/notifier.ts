/**
 * Wake-ups across app instances: `publish(channel, message)` reaches every `subscribe(channel)`
 * in every instance. Redis pub/sub when REDIS_URL is set; PostgreSQL LISTEN/NOTIFY when the
 * database is PostgreSQL; in-process only on PGlite (one process owns the data anyway). A message
 * is only a hint to re-read state — waiters always re-check the database, so a lost message costs
 * at most the waiter's poll interval, never correctness.
 */
import { EventEmitter } from "node:events";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

type Listener = (message: string) => void;

interface Backend {
  publish(channel: string, message: string): Promise<void>;
  /** Starts relaying remote messages for `channel` into the local emitter. */
  listen(channel: string): Promise<void>;
  unlisten(channel: string): Promise<void>;
  close(): Promise<void>;
}

const PG_CHANNEL = "onramp_events";

class Notifier {
  private readonly local = new EventEmitter().setMaxListeners(0);
  private readonly counts = new Map<string, number>();
  private backend: Promise<Backend | null> | undefined;

  private getBackend(): Promise<Backend | null> {
    this.backend ??= createBackend((channel, message) => this.local.emit(channel, message)).catch((error) => {
      log().warn({ err: String(error) }, "notifier backend unavailable; wake-ups stay in-process");
      return null;
    });
    return this.backend;
  }

  async publish(channel: string, message: string): Promise<void> {
    const backend = await this.getBackend();
    if (backend) {
      try {
        await backend.publish(channel, message);
        return;
      } catch (error) {
        log().warn({ err: String(error), channel }, "notifier publish failed; delivering in-process only");
      }
    }
    this.local.emit(channel, message);
  }

  async subscribe(channel: string, listener: Listener): Promise<() => Promise<void>> {
    this.local.on(channel, listener);
    const count = (this.counts.get(channel) ?? 0) + 1;
    this.counts.set(channel, count);
    const backend = await this.getBackend();
    if (backend && count === 1) await backend.listen(channel).catch(() => {});
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      this.local.off(channel, listener);
      const left = (this.counts.get(channel) ?? 1) - 1;
      if (left <= 0) {
        this.counts.delete(channel);
        if (backend) await backend.unlisten(channel).catch(() => {});
      } else {
        this.counts.set(channel, left);
      }
    };
  }

  async close(): Promise<void> {
    const backend = await this.backend;
    this.backend = undefined;
    this.counts.clear();
    this.local.removeAllListeners();
    await backend?.close();
  }
}

async function createBackend(deliver: (channel: string, message: string) => void): Promise<Backend | null> {
  const config = env();
  if (config.redisUrl) {
    const { default: Redis } = await import("ioredis");
    // Per deployment (REDIS_KEY_PREFIX): two deployments on one Redis never wake each other.
    const prefix = config.redisKeyPrefix;
    // A subscribed Redis connection can do nothing else, so publishing uses a second one.
    const sub = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
    const pub = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
    sub.on("error", () => {});
    pub.on("error", () => {});
    sub.on("message", (channel: string, message: string) => deliver(channel.slice(prefix.length), message));
    return {
      publish: async (channel, message) => {
        await pub.publish(prefix + channel, message);
      },
      listen: async (channel) => {
        await sub.subscribe(prefix + channel);
      },
      unlisten: async (channel) => {
        await sub.unsubscribe(prefix + channel);
      },
      close: async () => {
        sub.disconnect();
        pub.disconnect();
      },
    };
  }
  if (config.database.kind === "postgres") {
    const { Client } = await import("pg");
    const listener = new Client({ connectionString: config.database.url });
    const publisher = new Client({ connectionString: config.database.url });
    listener.on("error", () => {});
    publisher.on("error", () => {});
    await listener.connect();
    await publisher.connect();
    // One Postgres channel; the payload names ours, so LISTEN needs no per-channel identifiers.
    await listener.query(`LISTEN ${PG_CHANNEL}`);
    listener.on("notification", (n) => {
      if (!n.payload) return;
      try {
        const { c, m } = JSON.parse(n.payload) as { c: string; m: string };
        deliver(c, m);
      } catch {}
    });
    return {
      publish: async (channel, message) => {
        await publisher.query("select pg_notify($1, $2)", [
          PG_CHANNEL,
          JSON.stringify({ c: channel, m: message }),
        ]);
      },
      listen: async () => {},
      unlisten: async () => {},
      close: async () => {
        await Promise.allSettled([listener.end(), publisher.end()]);
      },
    };
  }
  return null;
}

const globalKey = Symbol.for("onramp.notifier");
const g = globalThis as typeof globalThis & { [globalKey]?: Notifier };

export function notifier(): Notifier {
  g[globalKey] ??= new Notifier();
  return g[globalKey];
}

export async function closeNotifier(): Promise<void> {
  const current = g[globalKey];
  g[globalKey] = undefined;
  await current?.close();
}

/**
 * Resolves when `channel` gets a message or `ms` pass (false), or the signal aborts. Subscribe
 * before checking state, then wait: a publish between the check and the wait is not missed.
 */
export async function waitForMessage(
  channel: string,
  ms: number,
  check: () => Promise<boolean>,
  signal?: AbortSignal,
): Promise<boolean> {
  let wake: (value: boolean) => void = () => {};
  const woken = new Promise<boolean>((resolve) => {
    wake = resolve;
  });
  const unsubscribe = await notifier().subscribe(channel, () => wake(true));
  const timer = setTimeout(() => wake(false), Math.max(0, ms));
  const onAbort = () => wake(false);
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    if (await check()) return true;
    return await woken;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
    await unsubscribe();
  }
}
