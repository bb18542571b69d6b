/**
 * Every /api/agents/v1 route, found on disk (app/api/agents/v1/**\/route.ts) rather than listed by
 * hand, with what each exported method handler declares to the door kit (auth, scope, schemas).
 * The property tests (fuzz, IDOR, authorization matrix) run over this list, so a new route joins
 * them by existing; a new dynamic route without an id generator in tests/helpers/route-ids.ts fails.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { RouteOptions } from "@/lib/http/agent-route";
import { declaredOptions } from "@/lib/http/agent-route";
import { isMethodNotAllowed } from "@/lib/http/methods";

export const AGENT_API_BASE = "/api/agents/v1";
export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof METHODS)[number];

type NextHandler = (
  request: Request,
  context: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>;

export interface Segment {
  name: string;
  /** `[...x]` or `[[...x]]`: the value is a list of path segments. */
  catchAll: boolean;
}

export interface AgentRoute {
  /** Relative to the repository, e.g. app/api/agents/v1/api-keys/[id]/route.ts. */
  file: string;
  /** The route below AGENT_API_BASE, e.g. /api-keys/[id]. */
  pattern: string;
  segments: Segment[];
  handlers: Partial<Record<Method, NextHandler>>;
  /** The methods with a real handler (the others answer 405). */
  implemented: Method[];
  options: Partial<Record<Method, RouteOptions<any, any, boolean>>>;
}

const root = process.cwd();
const apiDir = path.join(root, "app/api/agents/v1");

function routeFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) routeFiles(full, out);
    else if (name === "route.ts") out.push(full);
  }
  return out;
}

function segmentOf(part: string): Segment | null {
  const match = /^\[{1,2}(\.\.\.)?([^\]]+)\]{1,2}$/.exec(part);
  return match ? { name: match[2]!, catchAll: Boolean(match[1]) } : null;
}

/**
 * Loads every route module and reads its handlers; throws on a handler the door kit did not build.
 * Synchronous (require), so test files can register one test per route while they are collected.
 */
export function discoverAgentRoutes(): AgentRoute[] {
  const routes: AgentRoute[] = [];
  for (const full of routeFiles(apiDir)) {
    const rel = path.relative(apiDir, path.dirname(full)).split(path.sep).filter(Boolean);
    const pattern = `/${rel.join("/")}`.replace(/\/$/, "") || "/";
    const segments = rel.map(segmentOf).filter((s): s is Segment => s !== null);
    const mod = require(full) as Record<string, unknown>;
    const handlers: AgentRoute["handlers"] = {};
    const options: AgentRoute["options"] = {};
    const implemented: Method[] = [];
    for (const method of METHODS) {
      const handler = mod[method];
      if (typeof handler !== "function") {
        throw new Error(
          `${path.relative(root, full)} does not export ${method}: export every method through methods()`,
        );
      }
      const declared = declaredOptions(handler);
      if (!declared) {
        throw new Error(`${path.relative(root, full)} ${method} is not built with agentRoute()`);
      }
      handlers[method] = handler as NextHandler;
      if (!isMethodNotAllowed(handler)) {
        implemented.push(method);
        options[method] = declared;
      }
    }
    routes.push({ file: path.relative(root, full), pattern, segments, handlers, implemented, options });
  }
  return routes;
}

function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value; // a lone surrogate: sent as written, as a client could
  }
}

/** The concrete path and Next's params for `pattern` with its segments filled by `values`. */
export function fillRoute(
  route: AgentRoute,
  values: Record<string, string | string[]>,
): { path: string; params: Record<string, string | string[]> } {
  const parts = route.pattern.split("/").map((part) => {
    const segment = segmentOf(part);
    if (!segment) return part;
    const value = values[segment.name] ?? (segment.catchAll ? [] : "");
    return (Array.isArray(value) ? value : [value]).map(encodeSegment).join("/");
  });
  const params: Record<string, string | string[]> = {};
  for (const segment of route.segments) {
    const value = values[segment.name];
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) params[segment.name] = value;
  }
  return { path: `${AGENT_API_BASE}${parts.join("/").replace(/\/+$/, "")}`, params };
}
