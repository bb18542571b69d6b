/**
 * The dashboard's client cache of /dashboard/data resources, in place of TanStack Query in the
 * browser (issue 14 T5: its ~11 kB gzipped was paid on every dashboard page for what follows).
 * Same rules as lib/query/query-client.ts: data is fresh for 30 s, a failed load is retried once,
 * a visible tab refreshes what it shows when it regains focus, and invalidating a key prefix reloads
 * what is on screen. Keys are the server's (lib/query/keys.ts), hashed the way TanStack hashes them,
 * so the state the server prefetched (a TanStack dehydrated state) seeds the cache as is.
 */

export type Key = readonly unknown[];

export const STALE_MS = 30_000;
const RETRY_DELAY_MS = 1_000;

export interface Snapshot {
  data: unknown;
  error: Error | null;
  /** "pending" until the first answer; then "success" or "error" (data may outlive a failed reload). */
  status: "pending" | "success" | "error";
  fetching: boolean;
}

interface Entry {
  key: Key;
  snapshot: Snapshot;
  updatedAt: number;
  load: (() => Promise<unknown>) | null;
  inflight: Promise<void> | null;
  listeners: Set<() => void>;
}

/** Object keys sorted, as TanStack's hashKey does, so `{offset, limit}` and `{limit, offset}` agree. */
export function hashKey(key: Key): string {
  return JSON.stringify(key, (_, value) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}

const startsWith = (key: Key, prefix: Key) =>
  prefix.length <= key.length && prefix.every((part, i) => hashKey([part]) === hashKey([key[i]]));

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class DataStore {
  private entries = new Map<string, Entry>();

  private entry(key: Key): Entry {
    const hash = hashKey(key);
    let entry = this.entries.get(hash);
    if (!entry) {
      entry = {
        key,
        snapshot: { data: undefined, error: null, status: "pending", fetching: false },
        updatedAt: 0,
        load: null,
        inflight: null,
        listeners: new Set(),
      };
      this.entries.set(hash, entry);
    }
    return entry;
  }

  private update(entry: Entry, change: Partial<Snapshot>) {
    entry.snapshot = { ...entry.snapshot, ...change };
    for (const listener of entry.listeners) listener();
  }

  /** Server-loaded data; kept only when newer than what the tab already holds. */
  seed(key: Key, data: unknown, updatedAt: number) {
    const entry = this.entry(key);
    if (entry.updatedAt >= updatedAt) return;
    entry.updatedAt = updatedAt;
    this.update(entry, { data, error: null, status: "success" });
  }

  snapshot(key: Key): Snapshot {
    return this.entry(key).snapshot;
  }

  subscribe(key: Key, load: () => Promise<unknown>, listener: () => void): () => void {
    const entry = this.entry(key);
    entry.load = load;
    entry.listeners.add(listener);
    return () => entry.listeners.delete(listener);
  }

  /** Loads `key` unless fresh data (or a load) is already there. */
  ensure(key: Key, load: () => Promise<unknown>) {
    const entry = this.entry(key);
    entry.load = load;
    if (entry.inflight || Date.now() - entry.updatedAt < STALE_MS) return;
    void this.fetch(entry);
  }

  private fetch(entry: Entry): Promise<void> {
    const load = entry.load;
    if (!load) return Promise.resolve();
    entry.inflight ??= (async () => {
      this.update(entry, { fetching: true });
      for (let attempt = 0; ; attempt++) {
        try {
          const data = await load();
          entry.updatedAt = Date.now();
          this.update(entry, { data, error: null, status: "success", fetching: false });
          return;
        } catch (error) {
          if (attempt >= 1) {
            const failure = error instanceof Error ? error : new Error(String(error));
            this.update(entry, { error: failure, status: "error", fetching: false });
            return;
          }
          await wait(RETRY_DELAY_MS);
        }
      }
    })().finally(() => {
      entry.inflight = null;
    });
    return entry.inflight;
  }

  /** Marks every key under `prefix` stale and reloads those on screen; resolves when they are back. */
  invalidate(prefix: Key): Promise<void> {
    const reloads: Promise<void>[] = [];
    for (const entry of this.entries.values()) {
      if (!startsWith(entry.key, prefix)) continue;
      entry.updatedAt = 0;
      if (entry.listeners.size === 0) continue;
      // A load that started before the change may answer with the old data: load again after it.
      const running = entry.inflight;
      reloads.push(running ? running.then(() => this.fetch(entry)) : this.fetch(entry));
    }
    return Promise.all(reloads).then(() => undefined);
  }

  /** A tab coming back into view reloads the stale data it shows. */
  refreshVisible() {
    for (const entry of this.entries.values()) {
      if (entry.listeners.size > 0 && Date.now() - entry.updatedAt >= STALE_MS) void this.fetch(entry);
    }
  }
}
