/**
 * A short-lived, per-process memory of access tokens that resolved, so the hot read routes do not
 * pay a database round trip for the token on every request (on PGlite every query queues behind
 * every other one).
 *
 * Revocation stays immediate on this instance: every path that revokes a token, removes a member or
 * changes a role calls one of the `forget…` functions below, which drops the entries at once and
 * tells the other instances through the notifier (Redis pub/sub or PostgreSQL NOTIFY). A lost
 * message cannot keep a revoked token alive for long: no entry outlives TOKEN_CACHE_TTL_MS, and
 * nothing is cached until this process listens for the messages.
 *
 * A read that was already under way when something was forgotten is not stored (the epoch check),
 * so a lookup racing a revocation cannot put the old state back. Revocations inside a transaction
 * forget again after the commit (the callers do), since a read between the first forget and the
 * commit still sees the token as active.
 *
 * The same channel carries the API-key cache's messages (api-key-cache.ts).
 */
import { notifier } from "@/lib/pubsub/notifier";
import { forgetApiKeysLocally } from "./api-key-cache";
import type { Principal } from "./principal";

/** The longest a token stays usable on an instance that missed its revocation message. */
export const TOKEN_CACHE_TTL_MS = 2_000;
const MAX_ENTRIES = 10_000;
/** The notifier channel that carries what to forget between instances. */
export const TOKEN_CACHE_CHANNEL = "auth-token-cache";

export interface CachedToken {
  tokenHash: string;
  principal: Principal;
  expiresAtMs: number | null;
  lastUsedAtMs: number | null;
  storedAtMs: number;
}

type Forget =
  | { token: number }
  | { user: string }
  | { account: string; user: string }
  | { all: true }
  | { apiKeys: true };

const globalKey = Symbol.for("onramp.tokenCache");
interface State {
  entries: Map<number, CachedToken>;
  epoch: number;
  listening: "no" | "starting" | "yes";
}
const g = globalThis as typeof globalThis & { [globalKey]?: State };
const state = (): State => {
  g[globalKey] ??= { entries: new Map(), epoch: 0, listening: "no" };
  return g[globalKey];
};

function forgetLocally(what: Forget): void {
  // A member leaving, a role change or a password reset may end API keys too (api-key-cache.ts);
  // one access token's revocation never does.
  if (!("token" in what)) forgetApiKeysLocally();
  if ("apiKeys" in what) return;
  const s = state();
  s.epoch++;
  if ("all" in what) {
    s.entries.clear();
    return;
  }
  if ("token" in what) {
    s.entries.delete(what.token);
    return;
  }
  for (const [id, entry] of s.entries) {
    if (entry.principal.userId !== what.user) continue;
    if ("account" in what && entry.principal.accountId !== what.account) continue;
    s.entries.delete(id);
  }
}

function listen(): void {
  const s = state();
  if (s.listening !== "no") return;
  s.listening = "starting";
  notifier()
    .subscribe(TOKEN_CACHE_CHANNEL, (message) => {
      try {
        forgetLocally(JSON.parse(message) as Forget);
      } catch {
        forgetLocally({ all: true });
      }
    })
    .then(
      () => {
        s.listening = "yes";
      },
      () => {
        s.listening = "no";
      },
    );
}

async function forget(what: Forget): Promise<void> {
  forgetLocally(what);
  await notifier().publish(TOKEN_CACHE_CHANNEL, JSON.stringify(what));
}

/** After one token was revoked (logout, DELETE /auth/tokens/{id}, refresh). */
export const forgetToken = (tokenId: number | string): Promise<void> => forget({ token: Number(tokenId) });
/** After some or all of a user's tokens were revoked (logout-all, revoke-others, password reset or change). */
export const forgetTokensOfUser = (userId: string): Promise<void> => forget({ user: userId });
/** After a member left an account or changed role there: their tokens acting for it are re-read. */
export const forgetAccountMember = (accountId: string, userId: string): Promise<void> =>
  forget({ account: accountId, user: userId });
/** After an API key was deleted, replaced or renamed: every instance forgets its remembered keys. */
export const forgetApiKeys = (): Promise<void> => forget({ apiKeys: true });
/** Tests that change tokens (or API keys) behind the domain functions' back. */
export const forgetAllTokens = (): void => forgetLocally({ all: true });

/** The live entry for a token id, or undefined (absent, too old or past its own expiry). */
export function cachedToken(tokenId: number, nowMs: number): CachedToken | undefined {
  const s = state();
  const entry = s.entries.get(tokenId);
  if (!entry) return undefined;
  if (
    nowMs - entry.storedAtMs >= TOKEN_CACHE_TTL_MS ||
    (entry.expiresAtMs !== null && entry.expiresAtMs <= nowMs)
  ) {
    s.entries.delete(tokenId);
    return undefined;
  }
  return entry;
}

/** Taken before the database read; `remember` stores only if nothing was forgotten since. */
export function cacheEpoch(): number {
  listen();
  return state().epoch;
}

/** Whether this process hears the forget messages yet (and starts listening if it does not). */
export function listeningForForgets(): boolean {
  listen();
  return state().listening === "yes";
}

export function remember(tokenId: number, entry: CachedToken, epoch: number): void {
  const s = state();
  if (s.listening !== "yes" || s.epoch !== epoch) return;
  if (s.entries.size >= MAX_ENTRIES) s.entries.clear();
  s.entries.set(tokenId, entry);
}
