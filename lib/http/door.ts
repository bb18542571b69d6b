/**
 * The door core: every route handler and every dashboard server action runs through `runDoor`,
 * with the stages always in this order, each one on or off as the door declares:
 *
 *   request id → body read (size limit) → [database, when declared `first`] → authentication
 *   (resolved now unless the plugin waits for the JSON check) → rate limit → card guard (body,
 *   query) → deferred 401 → JSON check → late authentication → scope → control characters (body,
 *   query, params) → zod (body, query, params) → Idempotency-Key → handler → output → request log.
 *
 * Authentication and output are plugins (authenticate.ts, outputs/*); a handler gets a typed
 * context and returns a typed value (replies.ts) that the output renders. `door()` adapts the core
 * to Next's route handlers; lib/actions/session.ts adapts it to server actions.
 */
import { randomBytes } from "node:crypto";
import type { z } from "zod";
import { runWithAuditContext } from "@/lib/audit/context";
import { type Db, getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError, isAppError, validationError } from "@/lib/errors";
import { faultPoint } from "@/lib/fault-points";
import { log } from "@/lib/log";
import { recordRequest } from "@/lib/metrics/registry";
import { routeLabel } from "@/lib/metrics/route-label";
import type { Authenticator } from "./authenticate";
import { carriesCardData } from "./card-guard";
import { clientIp } from "./client-ip";
import { type DoorRequest, fromRequest, type NextRouteContext, type RouteParams } from "./door-request";
import { beginIdempotent, finishIdempotent, parseIdempotencyKey } from "./idempotency";
import { findUnsafeInput, refuseUnsafeInput } from "./input-guard";
import type { Frame, Output } from "./output";
import { checkRateLimits, type LimiterName, rateLimitHeaders } from "./rate-limit";
import { type RequestBody, safeDecode } from "./request-body";

type Schema = z.ZodType;
export type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
export type ParamsOut<S> = S extends z.ZodType ? z.output<S> : Record<string, string>;

/** `first`: opened right after the body is read (a database that is down answers before anything else). */
export type DatabaseMode = "first" | "on-demand" | false;
export type DbOf<M> = [M] extends [false] ? undefined : Db;

export interface LimitPlan {
  limiter: LimiterName;
  /** Also counted per client IP alone, in order after `limiter` (argon2 routes, signup). */
  ipLimiters?: LimiterName[];
  /** `caller` (default): IP + the caller's part (user, key fingerprint); `ip`; `ip+email`: IP + the body's email. */
  by?: "caller" | "ip" | "ip+email";
  message?: (retryAfterSec: number) => string;
}

export interface CardGuardPlan {
  /** The 400's message for card data in the body. */
  body: string;
  /** … and in the query string. */
  query: string;
  /** Whether card field names in the query (`?cvc=`) count, not only card numbers. */
  queryFields: boolean;
}

export interface InputGuardPlan {
  /** How the body's root is named in a 422 (`body`; `form` for a dashboard action). */
  root?: string;
  query?: boolean;
  /** A control character in a path segment is a 404: such a path names nothing. */
  params?: boolean;
}

export interface DoorOptions<
  C,
  B extends Schema | undefined,
  Q extends Schema | undefined,
  P extends Schema | undefined,
  M extends DatabaseMode,
  R,
  W,
> {
  auth: Authenticator<C, unknown>;
  /** `json` (default; GET and HEAD read nothing), `none`, or the raw text within `text` bytes. */
  read?: "json" | "none" | { text: number };
  database?: M;
  limit?: LimitPlan | false;
  cardGuard?: CardGuardPlan | false;
  inputGuard?: InputGuardPlan | false;
  body?: B;
  query?: Q;
  /** Path segments. A failing segment is a 404 whose message is the schema's (see params.ts). */
  params?: P;
  /** Honour Idempotency-Key, scoped to the caller's account (doors with a caller only). */
  idempotent?: boolean | { redactForReplay: (body: Record<string, unknown>) => Record<string, unknown> };
  output: Output<R, W>;
  /** The request log line (default on). */
  log?: boolean;
  /** Who a signed-out caller of this door is for the audit trail: `agent` (default), `human` (the dashboard). */
  audience?: "agent" | "human";
}

export interface DoorContext<C, B, Q, P, D = Db> {
  db: D;
  caller: C;
  body: B;
  query: Q;
  params: P;
  request: DoorRequest;
  requestId: string;
  ip: string;
  /** The body as read (raw text: a webhook's signed payload). */
  text: string;
  /** Set when the request runs under an Idempotency-Key: derive Stripe idempotency keys from it. */
  idempotencyRecordId: string | null;
}

export type DoorHandler<C, B, Q, P, D, R> = (ctx: DoorContext<C, B, Q, P, D>) => R | Promise<R>;

export function newRequestId(): string {
  return `req_${randomBytes(12).toString("base64url")}`;
}

export function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const name = k.endsWith("[]") ? k.slice(0, -2) : k;
    const prev = out[name];
    out[name] =
      prev === undefined ? (k.endsWith("[]") ? [v] : v) : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

const retryIn = (sec: number) => `Too many requests. Retry in ${sec} seconds.`;

function emailOf(body: unknown): string {
  return body && typeof body === "object" && "email" in body && typeof body.email === "string"
    ? body.email.trim().toLowerCase()
    : "";
}

function limitChecks(plan: LimitPlan, ip: string, body: unknown, callerPart: string | null) {
  const by = plan.by ?? "caller";
  const key =
    by === "ip+email" ? `${ip}|${emailOf(body)}` : by === "caller" && callerPart ? `${ip}|${callerPart}` : ip;
  return [{ name: plan.limiter, key }, ...(plan.ipLimiters ?? []).map((name) => ({ name, key: ip }))];
}

function parseParams(schema: Schema, params: RouteParams): unknown {
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  throw new AppError("not_found", parsed.error.issues[0]?.message ?? "Resource not found.");
}

async function readInput(
  request: DoorRequest,
  mode: "json" | "none" | { text: number },
): Promise<RequestBody> {
  if (mode === "json") return request.json();
  const raw = mode === "none" ? "" : await request.text(mode.text);
  return { raw, parsed: undefined, jsonError: false };
}

export async function runDoor<
  C,
  B extends Schema | undefined,
  Q extends Schema | undefined,
  P extends Schema | undefined,
  M extends DatabaseMode,
  R,
  W,
>(
  request: DoorRequest,
  options: DoorOptions<C, B, Q, P, M, R, W>,
  handler: DoorHandler<C, Out<B>, Out<Q>, ParamsOut<P>, DbOf<M>, R>,
): Promise<W> {
  const started = performance.now();
  const requestId = newRequestId();
  const ip = clientIp(request.headers, env().trustedProxies);
  const frame: Frame = { requestId, headers: { "X-Request-Id": requestId }, request };
  const { auth, output } = options;
  let caller = null as C | null;
  let wire: W | undefined;
  let errorCode: string | undefined;
  let replayed = false;

  let opening: Promise<Db> | undefined;
  const db = () =>
    (opening ??= getDb().catch((cause: unknown) => {
      throw new AppError("service_unavailable", "The database is unavailable. Retry shortly.", {
        cause,
        headers: { "Retry-After": "5" },
      });
    }));

  try {
    const body = await readInput(request, options.read ?? "json");
    if (options.database === "first") await db();

    const claim = await auth.claim(request, body);
    const resolveCaller = async () => {
      caller = claim == null ? null : await auth.resolve(claim, db);
      return caller === null ? auth.refusal(claim, request) : null;
    };
    let deferred: AppError | null = null;
    if (auth.refuseAt !== "after-json") {
      deferred = await resolveCaller();
      if (deferred && auth.refuseAt === "at-once") throw deferred;
    }

    if (options.limit) {
      const plan = options.limit;
      // A refused caller is limited per IP on the general bucket.
      const checks = deferred
        ? [{ name: "general" as const, key: ip }]
        : limitChecks(plan, ip, body.parsed, auth.limitKey(claim, caller));
      const outcome = await checkRateLimits(checks);
      frame.headers = { ...frame.headers, ...rateLimitHeaders(outcome) };
      if (!outcome.allowed) {
        throw new AppError("rate_limited", (plan.message ?? retryIn)(outcome.retryAfterSec));
      }
    }

    const url = request.url;
    if (options.cardGuard) {
      const guard = options.cardGuard;
      if (body.raw && carriesCardData(body.raw, body.parsed)) {
        throw new AppError("raw_card_data_rejected", guard.body);
      }
      if (url.search && carriesCardData(safeDecode(url.search), guard.queryFields ? queryObject(url) : {})) {
        throw new AppError("raw_card_data_rejected", guard.query);
      }
    }
    if (deferred) throw deferred;
    if (body.jsonError) throw new AppError("invalid_json", "The request body is not valid JSON.");
    if (auth.refuseAt === "after-json") {
      const refusal = await resolveCaller();
      if (refusal) throw refusal;
    }
    if (caller !== null) auth.authorize?.(caller);

    const query = queryObject(url);
    const inputGuard = options.inputGuard || undefined;
    if (inputGuard) {
      refuseUnsafeInput(body.parsed, { root: inputGuard.root ?? "body" });
      if (inputGuard.query) refuseUnsafeInput(query, { root: "query" });
    }
    const parsedBody = options.body?.safeParse(body.parsed ?? {});
    if (parsedBody && !parsedBody.success) throw validationError(parsedBody.error);
    const parsedQuery = options.query?.safeParse(query);
    if (parsedQuery && !parsedQuery.success) throw validationError(parsedQuery.error);
    const rawParams = await request.params();
    // No id holds a control character: such a path names nothing (and PostgreSQL refuses NUL).
    if (inputGuard?.params && findUnsafeInput(rawParams)) {
      throw new AppError("not_found", "Resource not found.");
    }
    const params = options.params ? parseParams(options.params, rawParams) : rawParams;

    const replays = output.idempotency;
    const key =
      options.idempotent && caller !== null
        ? parseIdempotencyKey(request.headers.get("idempotency-key"))
        : null;
    let recordId: string | null = null;
    if (key !== null && caller !== null && replays) {
      const scope = auth.accountId(caller);
      if (!scope) throw new Error(`${auth.kind} callers have no account to scope Idempotency-Key to`);
      const start = await beginIdempotent(await db(), {
        scope,
        key,
        method: request.method,
        path: url.pathname,
        body: body.parsed ?? {},
      });
      if (start.kind === "replay") {
        replayed = true;
        wire = replays.replay(start.status, start.body, frame);
        return wire;
      }
      recordId = start.recordId;
    }

    const ctx = {
      db: options.database === false ? undefined : await db(),
      caller,
      body: parsedBody?.data,
      query: parsedQuery?.data,
      params,
      request,
      requestId,
      ip,
      text: body.raw,
      idempotencyRecordId: recordId,
    } as DoorContext<C, Out<B>, Out<Q>, ParamsOut<P>, DbOf<M>>;

    let result: R;
    try {
      const actor = caller === null ? undefined : auth.actor?.(caller);
      const signedOut = auth.kind === "none" ? (options.audience ?? "agent") : undefined;
      result = await runWithAuditContext(
        { actor: actor ?? { kind: "system" }, requestId, ip, signedOut },
        () => handler(ctx),
      );
    } catch (error) {
      if (recordId && replays) {
        const app = isAppError(error) ? error : null;
        await finishIdempotent(await db(), recordId, {
          status: app?.status ?? 500,
          body: app ? replays.storeError(app, frame) : {},
          code: app?.code,
        }).catch(() => {});
      }
      throw error;
    }
    if (recordId && replays) {
      const stored = replays.store(result, frame);
      const redact =
        typeof options.idempotent === "object"
          ? options.idempotent.redactForReplay
          : (b: typeof stored.body) => b;
      await finishIdempotent(await db(), recordId, { status: stored.status, body: redact(stored.body) });
      faultPoint("door.after_response_stored");
    }
    wire = output.render(result, frame);
    return wire;
  } catch (error) {
    const failure = output.fail(error, frame);
    errorCode = failure.code;
    wire = failure.wire;
    return wire;
  } finally {
    const durationMs = performance.now() - started;
    const status = wire === undefined ? undefined : output.status(wire);
    const route = routeLabel(request.url.pathname, await request.params().catch(() => ({})));
    recordRequest({ method: request.method, route, status, durationMs, replayed, errorCode });
    if (options.log !== false) {
      log().info(
        {
          request_id: requestId,
          method: request.method,
          route: request.url.pathname,
          status,
          duration_ms: Math.round(durationMs * 10) / 10,
          account_id: caller === null ? undefined : auth.accountId(caller),
          error_code: errorCode,
        },
        "request",
      );
    }
  }
}

export type RouteHandler = (request: Request, context?: NextRouteContext) => Promise<Response>;

/** The core as a Next route handler (`export const GET = door(…)`). */
export function door<
  C,
  B extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  P extends Schema | undefined = undefined,
  M extends DatabaseMode = "on-demand",
  R = unknown,
>(
  options: DoorOptions<C, B, Q, P, M, R, Response>,
  handler: DoorHandler<C, Out<B>, Out<Q>, ParamsOut<P>, DbOf<M>, R>,
): RouteHandler {
  if (options.idempotent && !options.output.idempotency) {
    throw new Error("Idempotency-Key needs an output that can replay a stored answer");
  }
  return (request, context) => runDoor(fromRequest(request, context), options, handler);
}
