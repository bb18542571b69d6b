/**
 * The door kit: every /api/agents/v1 route handler is `agentRoute(options, handler)`. It gives each
 * response, errors included, the envelope `{data, error, meta: {request_id}}`, `X-Request-Id` and
 * the `X-RateLimit-*` headers, and runs in order: body read → bearer auth (ignored on public
 * routes) → rate limit → card guard → JSON check → scope → zod → idempotency → handler → log.
 */
import { randomBytes } from "node:crypto";
import type { z } from "zod";
import type { Principal } from "@/lib/auth/principal";
import { hasScope, insufficientScope } from "@/lib/auth/principal";
import { resolveBearerToken } from "@/lib/auth/resolve-bearer";
import { type Db, getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { carriesCardData } from "./card-guard";
import { clientIp } from "./client-ip";
import { errorBody, jsonResponse, successBody } from "./envelope";
import { beginIdempotent, finishIdempotent, parseIdempotencyKey } from "./idempotency";
import { findUnsafeInput, refuseUnsafeInput } from "./input-guard";
import { checkRateLimits, type LimiterName, type RateLimitOutcome, rateLimitHeaders } from "./rate-limit";
import { readBody, safeDecode } from "./request-body";
import { toAppError } from "./unexpected-error";
import { validationError } from "./validation";

/** A handler's answer: data for the envelope, with an optional status and extra headers. */
export class Reply<T = unknown> {
  constructor(
    readonly data: T,
    readonly status = 200,
    readonly headers: Record<string, string> = {},
  ) {}
}

export const reply = <T>(data: T, status = 200, headers: Record<string, string> = {}) =>
  new Reply(data, status, headers);

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteOptions<
  B extends Schema | undefined,
  Q extends Schema | undefined,
  Auth extends boolean,
> {
  /** `false` for public routes, which ignore any bearer token they are sent. */
  auth: Auth;
  limiter: LimiterName;
  /**
   * Limiters also keyed by the client IP alone, checked after `limiter`: `authIp` on routes that
   * hash or check a password (argon2 is the costly part, and rotating emails dodges the IP+email
   * key), `signup` on signup.
   */
  ipLimiters?: LimiterName[];
  scope?: string;
  body?: B;
  query?: Q;
  /** Honour Idempotency-Key (authenticated routes only). */
  idempotent?: boolean | { redactForReplay: (body: Record<string, unknown>) => Record<string, unknown> };
}

export interface RouteContext<B, Q, P, Auth extends boolean> {
  db: Db;
  body: B;
  query: Q;
  params: P;
  principal: Auth extends true ? Principal : null;
  request: Request;
  requestId: string;
  ip: string;
  /** Set when the request runs under an Idempotency-Key: derive Stripe idempotency keys from it. */
  idempotencyRecordId: string | null;
}

type Handler<B, Q, P, Auth extends boolean> = (
  ctx: RouteContext<B, Q, P, Auth>,
) => Promise<Reply | Response | object> | Reply | Response | object;

type NextRouteContext = { params: Promise<Record<string, string | string[]>> };

export function newRequestId(): string {
  return `req_${randomBytes(12).toString("base64url")}`;
}

function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}

function limiterKey(name: LimiterName, ip: string, body: unknown, principal: Principal | null): string {
  if (name === "auth") {
    const email =
      body && typeof body === "object" && "email" in body && typeof body.email === "string"
        ? body.email.trim().toLowerCase()
        : "";
    return `${ip}|${email}`;
  }
  return principal ? `${ip}|${principal.userId}` : ip;
}

function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const name = k.endsWith("[]") ? k.slice(0, -2) : k;
    const prev = out[name];
    out[name] =
      prev === undefined ? (k.endsWith("[]") ? [v] : v) : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

export function agentRoute<
  Auth extends boolean,
  B extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  P = Record<string, string>,
>(options: RouteOptions<B, Q, Auth>, handler: Handler<Out<B>, Out<Q>, P, Auth>) {
  const handle = async (request: Request, context?: NextRouteContext): Promise<Response> => {
    const started = performance.now();
    const requestId = newRequestId();
    const url = new URL(request.url);
    const config = env();
    const ip = clientIp(request.headers, config.trustedProxies);
    let headers: Record<string, string> = { "X-Request-Id": requestId };
    let principal: Principal | null = null;
    let response: Response;
    let errorCode: string | undefined;

    try {
      const body = await readBody(request);
      const db = await getDb().catch((cause: unknown) => {
        throw new AppError("service_unavailable", "The database is unavailable. Retry shortly.", {
          cause,
          headers: { "Retry-After": "5" },
        });
      });

      let authFailure: AppError | null = null;
      if (options.auth) {
        const token = bearerToken(request);
        principal = token ? await resolveBearerToken(db, token) : null;
        if (!principal) {
          authFailure = new AppError(
            "unauthenticated",
            token
              ? "The access token is invalid, expired or revoked."
              : "Authentication required: send Authorization: Bearer <access_token>.",
            { headers: { "WWW-Authenticate": token ? 'Bearer error="invalid_token"' : "Bearer" } },
          );
        }
      }

      // Unauthenticated callers of a protected route are limited per IP on the general bucket.
      const limiter: LimiterName = authFailure ? "general" : options.limiter;
      const checks = [{ name: limiter, key: limiterKey(limiter, ip, body.parsed, principal) }];
      if (!authFailure) for (const name of options.ipLimiters ?? []) checks.push({ name, key: ip });
      const limit: RateLimitOutcome = await checkRateLimits(checks);
      headers = { ...headers, ...rateLimitHeaders(limit) };
      if (!limit.allowed) {
        throw new AppError("rate_limited", `Too many requests. Retry in ${limit.retryAfterSec} seconds.`);
      }
      if (body.raw && carriesCardData(body.raw, body.parsed)) {
        throw new AppError(
          "raw_card_data_rejected",
          "Card data must never be sent to this API. Tokenize the card with Stripe (GET /billing/stripe-config) and send the payment_method_id instead.",
        );
      }
      if (url.search && carriesCardData(safeDecode(url.search), queryObject(url))) {
        throw new AppError(
          "raw_card_data_rejected",
          "Card data must never be sent to this API, not even in a query string.",
        );
      }
      if (authFailure) throw authFailure;
      if (body.jsonError) throw new AppError("invalid_json", "The request body is not valid JSON.");
      if (options.scope && principal && !hasScope(principal, options.scope)) {
        throw insufficientScope(principal, options.scope);
      }

      refuseUnsafeInput(body.parsed);
      refuseUnsafeInput(queryObject(url), { root: "query" });
      const parsedBody = options.body ? options.body.safeParse(body.parsed ?? {}) : undefined;
      if (parsedBody && !parsedBody.success) throw validationError(parsedBody.error);
      const parsedQuery = options.query ? options.query.safeParse(queryObject(url)) : undefined;
      if (parsedQuery && !parsedQuery.success) throw validationError(parsedQuery.error);
      const params = (context ? await context.params : {}) as P;
      // No id holds a control character: such a path names nothing (and PostgreSQL refuses NUL).
      if (findUnsafeInput(params)) throw new AppError("not_found", "Resource not found.");

      const key =
        options.idempotent && principal ? parseIdempotencyKey(request.headers.get("idempotency-key")) : null;
      let recordId: string | null = null;
      if (key && principal) {
        const start = await beginIdempotent(db, {
          scope: principal.accountId,
          key,
          method: request.method,
          path: url.pathname,
          body: body.parsed ?? {},
        });
        if (start.kind === "replay") {
          const replayed = { ...start.body, idempotency_replay: true, meta: { request_id: requestId } };
          response = jsonResponse(start.status, replayed, { ...headers, "Idempotent-Replayed": "true" });
          return response;
        }
        recordId = start.recordId;
      }

      const ctx = {
        db,
        body: parsedBody?.data,
        query: parsedQuery?.data,
        params,
        principal,
        request,
        requestId,
        ip,
        idempotencyRecordId: recordId,
      } as RouteContext<Out<B>, Out<Q>, P, Auth>;

      let result: Reply | Response | object;
      try {
        result = await handler(ctx);
      } catch (error) {
        if (recordId) {
          const app = isAppError(error) ? error : null;
          const status = app?.status ?? 500;
          const stored = app ? errorBody(app.code, app.message, app.details, requestId) : {};
          await finishIdempotent(db, recordId, { status, body: withoutMeta(stored), code: app?.code }).catch(
            () => {},
          );
        }
        throw error;
      }

      if (result instanceof Response) {
        for (const [k, v] of Object.entries(headers)) result.headers.set(k, v);
        response = result;
        return response;
      }
      const out = result instanceof Reply ? result : new Reply(result);
      const envelope = successBody(out.data, requestId);
      if (recordId) {
        const redact =
          typeof options.idempotent === "object"
            ? options.idempotent.redactForReplay
            : (b: Record<string, unknown>) => b;
        await finishIdempotent(db, recordId, { status: out.status, body: redact(withoutMeta(envelope)) });
      }
      response = jsonResponse(out.status, envelope, { ...headers, ...out.headers });
      return response;
    } catch (error) {
      const app = toAppError(error, requestId);
      errorCode = app.code;
      response = jsonResponse(app.status, errorBody(app.code, app.message, app.details, requestId), {
        ...headers,
        ...app.headers,
      });
      return response;
    } finally {
      logRequest(request, url, requestId, started, principal, errorCode, () => response);
    }
  };
  routeOptions.set(handle, options);
  return handle;
}

// What each handler declares (auth, scope, schemas), so the property tests can exercise every
// route from its own declaration instead of a hand-kept list.
const routeOptions = new WeakMap<object, RouteOptions<Schema | undefined, Schema | undefined, boolean>>();

export function declaredOptions(
  handler: object,
): RouteOptions<Schema | undefined, Schema | undefined, boolean> | undefined {
  return routeOptions.get(handler);
}

function withoutMeta(body: Record<string, unknown>): Record<string, unknown> {
  const { meta: _meta, ...rest } = body;
  return rest;
}

function logRequest(
  request: Request,
  url: URL,
  requestId: string,
  started: number,
  principal: Principal | null,
  errorCode: string | undefined,
  response: () => Response | undefined,
) {
  let status: number | undefined;
  try {
    status = response()?.status;
  } catch {}
  log().info(
    {
      request_id: requestId,
      method: request.method,
      route: url.pathname,
      status,
      duration_ms: Math.round((performance.now() - started) * 10) / 10,
      account_id: principal?.accountId,
      error_code: errorCode,
    },
    "request",
  );
}
