/**
 * A short-lived, per-process memory of generation-API keys that resolved, so a burst of generations
 * does not pay a database round trip for the key on every request. The same rules as the access
 * token cache (token-cache.ts), whose notifier channel and listener it shares:
 *
 * - every message on that channel (any token revocation, a member removed or their role changed,
 *   a password reset) forgets every remembered key, on every instance; the API-key paths that
 *   delete, replace or rename a key send one too (`forgetApiKeys`);
 * - no entry outlives API_KEY_CACHE_TTL_MS, and nothing is remembered until the process listens;
 * - a lookup that was under way when keys were forgotten is not stored (the epoch), and nothing is
 *   stored for API_KEY_CACHE_TTL_MS after a forget: the key paths that revoke inside a caller's
 *   transaction (login's device key, a password reset) forget before their commit, and a lookup
 *   between that forget and the commit still sees the key as live.
 *
 * Entries are keyed by the key's SHA-256 digest: the key itself is never held.
 */

/** The longest a deleted key stays usable on an instance that missed the message. */
export const API_KEY_CACHE_TTL_MS = 2_000;
const MAX_ENTRIES = 10_000;

export interface CachedApiKey {
  apiKeyId: number;
  accountId: string;
  userId: string;
  name: string;
  lastUsedAtMs: number | null;
  storedAtMs: number;
}

const globalKey = Symbol.for("onramp.apiKeyCache");
interface State {
  entries: Map<string, CachedApiKey>;
  epoch: number;
  /** Nothing is stored before this time (ms): see the header. */
  quietUntilMs: number;
}
const g = globalThis as typeof globalThis & { [globalKey]?: State };
const state = (): State => {
  g[globalKey] ??= { entries: new Map(), epoch: 0, quietUntilMs: 0 };
  return g[globalKey];
};

/** Drops every remembered key on this instance (token-cache.ts calls it for every message). */
export function forgetApiKeysLocally(nowMs = Date.now()): void {
  const s = state();
  s.epoch++;
  s.entries.clear();
  s.quietUntilMs = nowMs + API_KEY_CACHE_TTL_MS;
}

/** The live entry for a key digest, or undefined (absent or too old). */
export function cachedApiKey(digest: string, nowMs: number): CachedApiKey | undefined {
  const s = state();
  const entry = s.entries.get(digest);
  if (!entry) return undefined;
  if (nowMs - entry.storedAtMs >= API_KEY_CACHE_TTL_MS) {
    s.entries.delete(digest);
    return undefined;
  }
  return entry;
}

/** Taken before the database read; `rememberApiKey` stores only if nothing was forgotten since. */
export function apiKeyCacheEpoch(): number {
  return state().epoch;
}

export function rememberApiKey(digest: string, entry: CachedApiKey, epoch: number, listening: boolean): void {
  const s = state();
  if (!listening || s.epoch !== epoch || entry.storedAtMs < s.quietUntilMs) return;
  if (s.entries.size >= MAX_ENTRIES) s.entries.clear();
  s.entries.set(digest, entry);
}
