/**
 * Next answers an unexported method with a bare 405. Route files export every method through this
 * helper instead, so a wrong method gets the envelope, the rate-limit headers and an Allow header.
 */
import { AppError } from "@/lib/errors";
import { agentRoute } from "./agent-route";
import type { RouteHandler } from "./door";

const ALL = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof ALL)[number];

// The 405 fallbacks, told apart from real handlers by the tests that exercise every route.
const fallbacks = new WeakSet<object>();
export const isMethodNotAllowed = (handler: object) => fallbacks.has(handler);

export function methodNotAllowed(allowed: string[]): RouteHandler {
  const allow = allowed.join(", ");
  const handler = agentRoute({ auth: false, limiter: "general" }, ({ request }) => {
    throw new AppError("method_not_allowed", `${request.method} is not allowed here. Allowed: ${allow}.`, {
      headers: { Allow: allow },
    });
  });
  fallbacks.add(handler);
  return handler;
}

export function methods(handlers: Partial<Record<Method, RouteHandler>>): Record<Method, RouteHandler> {
  const allowed = ALL.filter((m) => handlers[m]);
  const fallback = methodNotAllowed(allowed);
  return Object.fromEntries(ALL.map((m) => [m, handlers[m] ?? fallback])) as Record<Method, RouteHandler>;
}
