/**
 * The door of the ModelsLab-compatible generation routes (/api/v6, /api/v7). They live outside the
 * agents API: the caller authenticates with an API key (`key` in the body, or a `key` header where
 * the route allows it), and answers use ModelsLab's own shapes instead of the envelope. Errors are
 * `{status: "error", code, message, details?}` with a non-2xx status — never a 2xx carrying an
 * error. Order: body → rate limit (agent-general, per IP + key) → card guard → JSON → key →
 * zod → Idempotency-Key → handler → log.
 */
import { createHash } from "node:crypto";
import type { z } from "zod";
import { type ResolvedApiKey, resolveApiKey } from "@/lib/api-keys/resolve-api-key";
import { type Db, getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { newRequestId } from "@/lib/http/agent-route";
import { carriesCardData } from "@/lib/http/card-guard";
import { clientIp } from "@/lib/http/client-ip";
import { jsonResponse } from "@/lib/http/envelope";
import { beginIdempotent, finishIdempotent, parseIdempotencyKey } from "@/lib/http/idempotency";
import { refuseUnsafeInput } from "@/lib/http/input-guard";
import { checkRateLimit, rateLimitHeaders } from "@/lib/http/rate-limit";
import { readBody, safeDecode } from "@/lib/http/request-body";
import { toAppError } from "@/lib/http/unexpected-error";
import { validationError } from "@/lib/http/validation";
import { log } from "@/lib/log";

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type NextRouteContext = { params: Promise<Record<string, string | string[]>> };
type RouteHandler = (request: Request, context: NextRouteContext) => Promise<Response>;

export interface GenerationRouteOptions<B extends Schema | undefined> {
  /** v6 reads the key from the JSON body only; v7 also from a `key` header. */
  keyFrom: "body" | "body-or-header";
  body?: B;
  /** Honour Idempotency-Key (scoped to the key's account), so a retried POST is not paid twice. */
  idempotent?: boolean;
}

export interface GenerationContext<B> {
  db: Db;
  body: B;
  params: Record<string, string>;
  caller: ResolvedApiKey;
  request: Request;
  requestId: string;
  ip: string;
  idempotencyRecordId: string | null;
}

export type GenerationHandler<B> = (ctx: GenerationContext<B>) => Promise<Record<string, unknown>>;

export function errorResponseBody(code: string, message: string, details?: Record<string, unknown>) {
  return { status: "error", code, message, ...(details === undefined ? {} : { details }) };
}

function apiKeyFrom(
  request: Request,
  body: unknown,
  from: GenerationRouteOptions<Schema>["keyFrom"],
): string | null {
  const inBody =
    body && typeof body === "object" && "key" in body && typeof body.key === "string" ? body.key.trim() : "";
  if (inBody) return inBody;
  if (from === "body-or-header") return request.headers.get("key")?.trim() || null;
  return null;
}

// Rate-limit buckets never hold the key itself.
const keyFingerprint = (key: string) => createHash("sha256").update(key).digest("base64url").slice(0, 16);

export function generationRoute<B extends Schema | undefined = undefined>(
  options: GenerationRouteOptions<B>,
  handler: GenerationHandler<Out<B>>,
): RouteHandler {
  return async (request, context) => {
    const started = performance.now();
    const requestId = newRequestId();
    const url = new URL(request.url);
    const ip = clientIp(request.headers, env().trustedProxies);
    let headers: Record<string, string> = { "X-Request-Id": requestId };
    let caller: ResolvedApiKey | null = null;
    let status = 500;
    let errorCode: string | undefined;
    try {
      const body = await readBody(request);
      const key = apiKeyFrom(request, body.parsed, options.keyFrom);
      const limit = await checkRateLimit("general", `${ip}|${key ? keyFingerprint(key) : "-"}`);
      headers = { ...headers, ...rateLimitHeaders(limit) };
      if (!limit.allowed)
        throw new AppError("rate_limited", `Too many requests. Retry in ${limit.retryAfterSec} seconds.`);
      if (
        (body.raw && carriesCardData(body.raw, body.parsed)) ||
        (url.search && carriesCardData(safeDecode(url.search), {}))
      ) {
        throw new AppError("raw_card_data_rejected", "Card data must never be sent to this API.");
      }
      if (body.jsonError) throw new AppError("invalid_json", "The request body is not valid JSON.");
      if (!key) {
        throw new AppError(
          "unauthenticated",
          options.keyFrom === "body"
            ? 'API key required: send it as "key" in the JSON body.'
            : 'API key required: send it as "key" in the JSON body or in a "key" header.',
        );
      }
      const db = await getDb().catch((cause: unknown) => {
        throw new AppError("service_unavailable", "The database is unavailable. Retry shortly.", {
          cause,
          headers: { "Retry-After": "5" },
        });
      });
      caller = await resolveApiKey(db, key);
      if (!caller)
        throw new AppError("unauthenticated", "Invalid API key: it is unknown, malformed or deleted.");

      refuseUnsafeInput(body.parsed);
      const parsed = options.body ? options.body.safeParse(body.parsed ?? {}) : undefined;
      if (parsed && !parsed.success) throw validationError(parsed.error);
      // Next resolves `params` to undefined on routes without dynamic segments.
      const params = Object.fromEntries(
        Object.entries((context ? await context.params : undefined) ?? {}).map(([k, v]) => [
          k,
          Array.isArray(v) ? v.join("/") : v,
        ]),
      );

      const idempotencyKey = options.idempotent
        ? parseIdempotencyKey(request.headers.get("idempotency-key"))
        : null;
      let recordId: string | null = null;
      if (idempotencyKey) {
        const start = await beginIdempotent(db, {
          scope: caller.accountId,
          key: idempotencyKey,
          method: request.method,
          path: url.pathname,
          body: body.parsed ?? {},
        });
        if (start.kind === "replay") {
          status = start.status;
          return jsonResponse(
            start.status,
            { ...start.body, idempotency_replay: true },
            { ...headers, "Idempotent-Replayed": "true" },
          );
        }
        recordId = start.recordId;
      }

      let result: Record<string, unknown>;
      try {
        result = await handler({
          db,
          body: parsed?.data as Out<B>,
          params,
          caller,
          request,
          requestId,
          ip,
          idempotencyRecordId: recordId,
        });
      } catch (error) {
        if (recordId) {
          const app = isAppError(error) ? error : null;
          await finishIdempotent(db, recordId, {
            status: app?.status ?? 500,
            body: app ? errorResponseBody(app.code, app.message, app.details) : {},
            code: app?.code,
          }).catch(() => {});
        }
        throw error;
      }
      if (recordId) await finishIdempotent(db, recordId, { status: 200, body: result });
      status = 200;
      return jsonResponse(200, result, headers);
    } catch (error) {
      const app = toAppError(error, requestId);
      status = app.status;
      errorCode = app.code;
      return jsonResponse(app.status, errorResponseBody(app.code, app.message, app.details), {
        ...headers,
        ...app.headers,
      });
    } finally {
      log().info(
        {
          request_id: requestId,
          method: request.method,
          route: url.pathname,
          status,
          duration_ms: Math.round((performance.now() - started) * 10) / 10,
          account_id: caller?.accountId,
          error_code: errorCode,
        },
        "request",
      );
    }
  };
}

const ALL = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof ALL)[number];

/** Answers anything, in ModelsLab's error shape: unknown paths (404) and wrong methods (405). */
function refusal(code: "route_not_found" | "method_not_allowed", allowed: string[] = []): RouteHandler {
  return async (request) => {
    const requestId = newRequestId();
    const path = new URL(request.url).pathname;
    const allow = allowed.join(", ");
    const message =
      code === "route_not_found"
        ? `No route matches ${request.method} ${path}.`
        : `${request.method} is not allowed here. Allowed: ${allow}.`;
    const error = new AppError(code, message);
    return jsonResponse(error.status, errorResponseBody(code, message), {
      "X-Request-Id": requestId,
      ...(code === "method_not_allowed" ? { Allow: allow } : {}),
    });
  };
}

/** Route files export every method through this, so a wrong one gets a ModelsLab-shaped 405. */
export function generationMethods(
  handlers: Partial<Record<Method, RouteHandler>>,
): Record<Method, RouteHandler> {
  const allowed = ALL.filter((m) => handlers[m]);
  const fallback = refusal("method_not_allowed", allowed);
  return Object.fromEntries(ALL.map((m) => [m, handlers[m] ?? fallback])) as Record<Method, RouteHandler>;
}

export const generationRouteNotFound = refusal("route_not_found");
