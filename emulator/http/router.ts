/** A tiny method + path router (`/v1/customers/:id`), no framework. */
import type { Engine } from "../engine";
import type { ApiVersion } from "../versions";
import type { AuthInfo } from "./auth";
import type { Params } from "./params";

export interface ApiContext {
  engine: Engine;
  method: string;
  path: string;
  pathParams: Record<string, string>;
  params: Params;
  auth: AuthInfo;
  version: ApiVersion;
  requestId: string;
  idempotencyKey: string | null;
}

export type Handler = (ctx: ApiContext) => object;

export interface RouteOptions {
  /**
   * Publishable keys may call this route: `always` (PaymentMethod/Token creation) or
   * `client_secret` (intent retrieve/confirm, checked by the handler against the object).
   */
  publishable?: "always" | "client_secret";
  /** Allowed top-level params (`expand` is always allowed). Omit to accept any. */
  params?: readonly string[];
}

export interface Route extends RouteOptions {
  method: string;
  pattern: string;
  segments: string[];
  handler: Handler;
}

export interface RouteMatch {
  route: Route;
  pathParams: Record<string, string>;
}

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler, options: RouteOptions = {}): void {
    this.routes.push({ method, pattern, segments: pattern.split("/").filter(Boolean), handler, ...options });
  }

  get(pattern: string, handler: Handler, options?: RouteOptions): void {
    this.add("GET", pattern, handler, options);
  }

  post(pattern: string, handler: Handler, options?: RouteOptions): void {
    this.add("POST", pattern, handler, options);
  }

  delete(pattern: string, handler: Handler, options?: RouteOptions): void {
    this.add("DELETE", pattern, handler, options);
  }

  match(method: string, path: string): RouteMatch | undefined {
    const parts = path
      .split("/")
      .filter(Boolean)
      .map((p) => {
        try {
          return decodeURIComponent(p);
        } catch {
          return p;
        }
      });
    // Literal segments win over parameters (`/v1/checkout/sessions/:id` vs a literal sibling).
    let best: { match: RouteMatch; score: number } | undefined;
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== parts.length) continue;
      const pathParams: Record<string, string> = {};
      let score = 0;
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = route.segments[i] ?? "";
        const part = parts[i] ?? "";
        if (seg.startsWith(":")) pathParams[seg.slice(1)] = part;
        else if (seg === part) score += 1;
        else {
          ok = false;
          break;
        }
      }
      if (ok && (!best || score > best.score)) best = { match: { route, pathParams }, score };
    }
    return best?.match;
  }
}
