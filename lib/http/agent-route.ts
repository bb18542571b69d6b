/**
 * The agents API preset of the door core: every /api/agents/v1 route handler is
 * `agentRoute(options, handler)`. Bearer token (ignored on public routes) → rate limit (per IP and
 * user; per IP and email on the `auth` limiter) → card guard → JSON check → scope → control
 * characters → zod → Idempotency-Key → handler, every answer in the envelope with `X-Request-Id`
 * and the `X-RateLimit-*` headers (outputs/envelope.ts).
 */
import type { z } from "zod";
import type { Permission } from "@/lib/auth/permissions";
import type { Principal } from "@/lib/auth/principal";
import type { Db } from "@/lib/db/client";
import type { ErrorCode } from "@/lib/errors";
import { bearer, none } from "./authenticate";
import { type CardGuardPlan, door, type RouteHandler } from "./door";
import type { DoorRequest } from "./door-request";
import type { Output } from "./output";
import { envelope } from "./outputs/envelope";
import type { LimiterName } from "./rate-limit";
import type { FileReply, Reply } from "./replies";

export { newRequestId } from "./door";
export { Reply, reply } from "./replies";

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteOptions<
  B extends Schema | undefined,
  Q extends Schema | undefined,
  Auth extends boolean,
  P = unknown,
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
  /** The role permission the caller needs in the acting account (lib/auth/permissions.ts). */
  permission?: Permission;
  body?: B;
  query?: Q;
  /** Path segments; one that fails is a 404 with the schema's message (e.g. `integerId("API key")`). */
  params?: z.ZodType<P>;
  /** Honour Idempotency-Key (authenticated routes only). */
  idempotent?: boolean | { redactForReplay: (body: Record<string, unknown>) => Record<string, unknown> };
  /**
   * The schema of the envelope's `data` on success, for the OpenAPI document (lib/http/openapi):
   * one schema for a 200, or one per status (`{201: created, 202: pending}`). `null` for a route
   * that answers something other than the envelope (a file, the bare OpenAPI document).
   */
  response?: Schema | Partial<Record<number, Schema>> | null;
  /**
   * The error codes the route's domain can answer beyond those the door itself produces (401, 403
   * scope/permission, 404 params, 422 validation, 429, idempotency…), for the OpenAPI document.
   */
  errors?: ErrorCode[];
}

export interface RouteContext<B, Q, P, Auth extends boolean> {
  db: Db;
  body: B;
  query: Q;
  params: P;
  principal: Auth extends true ? Principal : null;
  request: DoorRequest;
  requestId: string;
  ip: string;
  /** Set when the request runs under an Idempotency-Key: derive Stripe idempotency keys from it. */
  idempotencyRecordId: string | null;
}

/** Data for the envelope, a `Reply` (status, headers, meta), or a `FileReply` (an event stream). */
export type RouteResult = Reply | FileReply | object;

type Handler<B, Q, P, Auth extends boolean> = (
  ctx: RouteContext<B, Q, P, Auth>,
) => Promise<RouteResult> | RouteResult;

export const AGENT_CARD_GUARD: CardGuardPlan = {
  body: "Card data must never be sent to this API. Tokenize the card with Stripe (GET /billing/stripe-config) and send the payment_method_id instead.",
  query: "Card data must never be sent to this API, not even in a query string.",
  queryFields: true,
};

/** The door options of an agents API route, for doors that answer on it in another output (a page). */
export function agentPlan<
  B extends Schema | undefined,
  Q extends Schema | undefined,
  Auth extends boolean,
  P,
>(options: RouteOptions<B, Q, Auth, P>) {
  return {
    auth: options.auth ? bearer({ scope: options.scope, permission: options.permission }) : none(),
    database: "first" as const,
    limit: {
      limiter: options.limiter,
      ipLimiters: options.ipLimiters,
      by: options.limiter === "auth" ? ("ip+email" as const) : ("caller" as const),
    },
    cardGuard: AGENT_CARD_GUARD,
    inputGuard: { query: true, params: true },
    body: options.body,
    query: options.query,
    params: options.params,
    idempotent: options.idempotent,
  };
}

export function agentRoute<
  Auth extends boolean,
  B extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  P = Record<string, string>,
>(
  options: RouteOptions<B, Q, Auth, P>,
  handler: Handler<Out<B>, Out<Q>, P, Auth>,
  output: Output<unknown, Response> = envelope(),
): RouteHandler {
  const handle = door<unknown, Schema | undefined, Schema | undefined, Schema | undefined, "first", unknown>(
    { ...agentPlan(options), output },
    (ctx) => handler({ ...ctx, principal: ctx.caller } as unknown as RouteContext<Out<B>, Out<Q>, P, Auth>),
  );
  routeOptions.set(handle, options);
  return handle;
}

// What each handler declares (auth, scope, schemas), so the property tests can exercise every
// route from its own declaration instead of a hand-kept list.
const routeOptions = new WeakMap<
  object,
  RouteOptions<Schema | undefined, Schema | undefined, boolean, unknown>
>();

export function declaredOptions(
  handler: object,
): RouteOptions<Schema | undefined, Schema | undefined, boolean, unknown> | undefined {
  return routeOptions.get(handler);
}
