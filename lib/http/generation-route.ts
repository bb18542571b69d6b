/**
 * The generation API preset of the door core (ModelsLab-compatible /api/v6, /api/v7). The caller
 * authenticates with an API key (`key` in the body, or a `key` header where the route allows it),
 * and answers use ModelsLab's own shapes instead of the envelope (outputs/modelslab.ts). Order:
 * body → rate limit (agent-general, per IP + key) → card guard → JSON → key → control characters →
 * zod → Idempotency-Key → handler → log.
 */
import type { z } from "zod";
import type { ResolvedApiKey } from "@/lib/api-keys/resolve-api-key";
import { AppError } from "@/lib/errors";
import { apiKey, none } from "./authenticate";
import { type CardGuardPlan, type DoorContext, door, type Out, type RouteHandler } from "./door";
import { modelslab } from "./outputs/modelslab";

type Schema = z.ZodType;

export interface GenerationRouteOptions<B extends Schema | undefined> {
  /** v6 reads the key from the JSON body only; v7 also from a `key` header. */
  keyFrom: "body" | "body-or-header";
  body?: B;
  /** Honour Idempotency-Key (scoped to the key's account), so a retried POST is not paid twice. */
  idempotent?: boolean;
}

export type GenerationContext<B> = DoorContext<ResolvedApiKey, B, undefined, Record<string, string>>;

export type GenerationHandler<B> = (ctx: GenerationContext<B>) => Promise<Record<string, unknown>>;

const CARD_DATA = "Card data must never be sent to this API.";
const GENERATION_CARD_GUARD: CardGuardPlan = { body: CARD_DATA, query: CARD_DATA, queryFields: false };

export function generationRoute<B extends Schema | undefined = undefined>(
  options: GenerationRouteOptions<B>,
  handler: GenerationHandler<Out<B>>,
): RouteHandler {
  return door(
    {
      auth: apiKey({ from: options.keyFrom }),
      limit: { limiter: "general" },
      cardGuard: GENERATION_CARD_GUARD,
      inputGuard: {},
      body: options.body,
      idempotent: options.idempotent,
      output: modelslab(),
    },
    handler,
  );
}

const ALL = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof ALL)[number];

/** Answers anything, in ModelsLab's error shape, before reading it: unknown paths (404) and wrong methods (405). */
function refusal(code: "route_not_found" | "method_not_allowed", allowed: string[] = []): RouteHandler {
  const allow = allowed.join(", ");
  return door(
    { auth: none(), read: "none", database: false, log: false, output: modelslab() },
    ({ request }) => {
      if (code === "route_not_found") {
        throw new AppError(code, `No route matches ${request.method} ${request.url.pathname}.`);
      }
      throw new AppError(code, `${request.method} is not allowed here. Allowed: ${allow}.`, {
        headers: { Allow: allow },
      });
    },
  );
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
