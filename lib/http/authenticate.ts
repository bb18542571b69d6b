/**
 * Authentication plugins of the door core. Each reads a credential from the request without the
 * database (`claim`), turns it into a caller (`resolve`, which may use the database), and says when
 * a request without a valid caller is refused:
 * - `at-once`: before the rate limit (no budget is spent on it);
 * - `after-card-guard`: the caller is resolved first, the refused request is limited per IP on the
 *   general bucket, card data is refused before the 401 (the agents API);
 * - `after-json`: the caller is resolved only after the JSON check, and the rate limit keys on the
 *   credential itself (the generation API).
 */
import { createHash } from "node:crypto";
import { type ResolvedApiKey, resolveApiKey } from "@/lib/api-keys/resolve-api-key";
import type { AuditActor } from "@/lib/audit/context";
import { type Permission, requirePermission } from "@/lib/auth/permissions";
import { hasScope, insufficientScope, type Principal } from "@/lib/auth/principal";
import { resolveBearerToken } from "@/lib/auth/resolve-bearer";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { devPagesOpenTo } from "./dev-access";
import type { DoorRequest } from "./door-request";
import type { RequestBody } from "./request-body";

export type RefuseAt = "at-once" | "after-card-guard" | "after-json";

export interface Authenticator<C, K = unknown> {
  readonly kind: string;
  readonly refuseAt: RefuseAt;
  /** The credential the request carries, or null; read without the database. */
  claim(request: DoorRequest, body: RequestBody): K | null | Promise<K | null>;
  /** The caller a credential proves, or null. `db` opens the database on first use. */
  resolve(claim: K, db: () => Promise<Db>): Promise<C | null>;
  /** The answer to a request without a valid caller; null when the door serves anyone. */
  refusal(claim: K | null, request: DoorRequest): AppError | null;
  /** The caller's part of its rate-limit key (`ip|part`); null for the IP alone. */
  limitKey(claim: K | null, caller: C | null): string | null;
  /** The scope stage: throws when the caller may not use this door. */
  authorize?(caller: C): void;
  /** The account idempotency records and the request log are scoped to. */
  accountId(caller: C): string | undefined;
  /** Who the audit trail says acted; `system` when absent. */
  actor?(caller: C): AuditActor;
}

/** A public door: nobody is identified, and any credential sent along is ignored. */
export function none(): Authenticator<null, never> {
  return {
    kind: "none",
    refuseAt: "at-once",
    claim: () => null,
    resolve: async () => null,
    refusal: () => null,
    limitKey: () => null,
    accountId: () => undefined,
  };
}

function bearerToken(headers: Headers): string | null {
  const match = headers.get("authorization")?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}

/**
 * `Authorization: Bearer <access token>`, checked against the database on every request. With a
 * `scope`, a token without it is refused with 403 insufficient_scope. `optional`: a missing or
 * invalid token leaves the caller null (the door decides, e.g. a signed link instead).
 */
interface BearerOptions {
  scope?: string;
  /** Checked after the scope: the caller's role in the acting account must grant it (403). */
  permission?: Permission;
}

export function bearer(options?: BearerOptions & { optional?: false }): Authenticator<Principal, string>;
export function bearer(options: BearerOptions & { optional: true }): Authenticator<Principal | null, string>;
export function bearer(
  options: BearerOptions & { optional?: boolean } = {},
): Authenticator<Principal | null, string> {
  const { scope, permission } = options;
  return {
    kind: "bearer",
    refuseAt: "after-card-guard",
    claim: (request) => bearerToken(request.headers),
    resolve: async (token, db) => resolveBearerToken(await db(), token),
    refusal: (token) =>
      options.optional
        ? null
        : new AppError(
            "unauthenticated",
            token
              ? "The access token is invalid, expired or revoked."
              : "Authentication required: send Authorization: Bearer <access_token>.",
            { headers: { "WWW-Authenticate": token ? 'Bearer error="invalid_token"' : "Bearer" } },
          ),
    limitKey: (_token, principal) => principal?.userId ?? null,
    authorize: (principal) => {
      if (scope && principal && !hasScope(principal, scope)) throw insufficientScope(principal, scope);
      if (permission && principal) requirePermission(principal, permission);
    },
    accountId: (principal) => principal?.accountId,
    actor: (principal) => ({ kind: "agent", userId: principal?.userId, label: principal?.tokenName }),
  };
}

// Rate-limit buckets never hold the key itself.
const keyFingerprint = (key: string) => createHash("sha256").update(key).digest("base64url").slice(0, 16);

/** A generation-API key: `key` in the JSON body, or (v7) also in a `key` header. */
export function apiKey(options: { from: "body" | "body-or-header" }): Authenticator<ResolvedApiKey, string> {
  return {
    kind: "apiKey",
    refuseAt: "after-json",
    claim: (request, body) => {
      const parsed = body.parsed;
      const inBody =
        parsed && typeof parsed === "object" && "key" in parsed && typeof parsed.key === "string"
          ? parsed.key.trim()
          : "";
      if (inBody) return inBody;
      if (options.from === "body-or-header") return request.headers.get("key")?.trim() || null;
      return null;
    },
    resolve: async (key, db) => resolveApiKey(await db(), key),
    refusal: (key) =>
      new AppError(
        "unauthenticated",
        key
          ? "Invalid API key: it is unknown, malformed or deleted."
          : options.from === "body"
            ? 'API key required: send it as "key" in the JSON body.'
            : 'API key required: send it as "key" in the JSON body or in a "key" header.',
      ),
    limitKey: (key) => (key ? keyFingerprint(key) : "-"),
    accountId: (caller) => caller.accountId,
    actor: (caller) => ({ kind: "agent", userId: caller.userId, label: caller.name }),
  };
}

/**
 * The dashboard's signed-in person: `read` gives the signed session cookie's claims, `resolve`
 * checks them against the database (the cookie alone is not trusted to still mean anything).
 */
export function session<H extends { userId: string; accountId: string }, K>(source: {
  read: () => Promise<K | null>;
  resolve: (db: Db, claims: K) => Promise<H | null>;
}): Authenticator<H, K> {
  return {
    kind: "session",
    refuseAt: "at-once",
    claim: () => source.read(),
    resolve: async (claims, db) => source.resolve(await db(), claims),
    refusal: () => new AppError("unauthenticated", "Your session has ended. Sign in again."),
    limitKey: (_claims, human) => human?.userId ?? null,
    accountId: (human) => human.accountId,
    actor: (human) => ({ kind: "human", userId: human.userId }),
  };
}

/**
 * The /dev doors: local mode and a client on this machine only (lib/http/dev-access.ts). Anyone
 * else is told the route does not exist, as in production.
 */
export function localClient(): Authenticator<true, true> {
  return {
    kind: "localClient",
    // Refused as a bad bearer token is: counted on the general bucket, with its headers.
    refuseAt: "after-card-guard",
    claim: (request) => (devPagesOpenTo(request.headers) ? true : null),
    resolve: async () => true,
    refusal: (_claim, request) =>
      new AppError("route_not_found", `No route matches ${request.method} ${request.url.pathname}.`),
    limitKey: () => null,
    accountId: () => undefined,
  };
}

/**
 * A body signed by its sender (the Stripe webhook): `verify` checks the raw text against the
 * signature header and returns what was signed, or throws its own 400.
 */
export function signedBody<T>(options: {
  header: string;
  verify: (raw: string, signature: string | null) => T;
}): Authenticator<T, { raw: string; signature: string | null }> {
  return {
    kind: "signedBody",
    refuseAt: "at-once",
    claim: (request, body) => ({ raw: body.raw, signature: request.headers.get(options.header) }),
    resolve: async (claim) => options.verify(claim.raw, claim.signature),
    refusal: () => new AppError("bad_request", "The request is not signed."),
    limitKey: () => null,
    accountId: () => undefined,
  };
}
