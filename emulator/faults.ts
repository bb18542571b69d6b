/**
 * Fault rules for tests: fail the next N API calls on a path (500, 429, a timeout), add latency,
 * and drop, duplicate, delay or reorder webhook deliveries. Rules live in memory only.
 */
import { invalidRequest } from "./http/errors";
import { randomBase62 } from "./ids";

export type ApiFaultAction = "error" | "timeout" | "latency";
export type WebhookFaultAction = "drop" | "duplicate" | "delay" | "reorder";

export interface ApiFault {
  id: string;
  target: "api";
  action: ApiFaultAction;
  /** Exact path, or a prefix ending in `*` (`/v1/payment_intents/*`). */
  path: string;
  method: string | null;
  /** Calls still affected; null means every call until removed. */
  remaining: number | null;
  status: number;
  /** Latency, or for `timeout` how long to hold the connection before dropping it. */
  ms: number;
  /** `timeout` only: run the request first, then drop the response (lost reply). */
  execute: boolean;
  /** `error` only: value of Stripe-Should-Retry, if any. */
  shouldRetry: boolean | null;
}

export interface WebhookFault {
  id: string;
  target: "webhook";
  action: WebhookFaultAction;
  eventType: string | null;
  remaining: number | null;
  ms: number;
}

export type Fault = ApiFault | WebhookFault;

function pathMatches(pattern: string, path: string): boolean {
  if (pattern.endsWith("*")) return path.startsWith(pattern.slice(0, -1));
  return pattern === path;
}

function typeMatches(pattern: string | null, type: string): boolean {
  if (!pattern) return true;
  if (pattern.endsWith("*")) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

const num = (v: unknown): number | undefined => {
  if (v === undefined || v === null || v === "") return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw invalidRequest(`Invalid number: ${String(v)}`);
  return n;
};

export class Faults {
  private rules: Fault[] = [];

  list(): Fault[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  /** Validates a rule from a JSON or form body. */
  add(input: Record<string, unknown>): Fault {
    const id = `fault_${randomBase62(12)}`;
    const count = num(input.count);
    const remaining = count === undefined ? (input.action === "latency" ? null : 1) : Math.floor(count);
    const target = input.target ?? (input.path ? "api" : "webhook");
    if (target === "api") {
      const action = String(input.action ?? "error") as ApiFaultAction;
      if (!["error", "timeout", "latency"].includes(action)) {
        throw invalidRequest("action must be error, timeout or latency for API faults");
      }
      if (typeof input.path !== "string" || !input.path.startsWith("/")) {
        throw invalidRequest("path is required (e.g. /v1/payment_intents or /v1/payment_intents/*)");
      }
      const status = num(input.status) ?? 500;
      if (action === "error" && !(status >= 400 && status <= 599))
        throw invalidRequest("status must be 4xx or 5xx");
      const rule: ApiFault = {
        id,
        target: "api",
        action,
        path: input.path,
        method: typeof input.method === "string" ? input.method.toUpperCase() : null,
        remaining,
        status,
        ms: num(input.ms) ?? (action === "timeout" ? 30_000 : action === "latency" ? 1000 : 0),
        execute: input.execute === true || input.execute === "true",
        shouldRetry:
          input.should_retry === undefined
            ? null
            : input.should_retry === true || input.should_retry === "true",
      };
      this.rules.push(rule);
      return rule;
    }
    if (target !== "webhook") throw invalidRequest("target must be api or webhook");
    const action = String(input.action ?? "") as WebhookFaultAction;
    if (!["drop", "duplicate", "delay", "reorder"].includes(action)) {
      throw invalidRequest("action must be drop, duplicate, delay or reorder for webhook faults");
    }
    const rule: WebhookFault = {
      id,
      target: "webhook",
      action,
      eventType: typeof input.event_type === "string" ? input.event_type : null,
      remaining: count === undefined ? (action === "reorder" ? 2 : 1) : Math.floor(count),
      ms: num(input.ms) ?? (action === "delay" ? 1000 : action === "reorder" ? 5000 : 0),
    };
    this.rules.push(rule);
    return rule;
  }

  private consume(rule: Fault): void {
    if (rule.remaining === null) return;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
  }

  /** Matching API rules, each counting this call. */
  takeApi(method: string, path: string): ApiFault[] {
    const hits = this.rules.filter(
      (r): r is ApiFault =>
        r.target === "api" && (r.method === null || r.method === method) && pathMatches(r.path, path),
    );
    const copies = hits.map((r) => ({ ...r }));
    for (const r of hits) this.consume(r);
    return copies;
  }

  /** The first webhook rule matching an event type, counting this delivery. */
  takeWebhook(eventType: string): WebhookFault | undefined {
    const rule = this.rules.find(
      (r): r is WebhookFault => r.target === "webhook" && typeMatches(r.eventType, eventType),
    );
    if (!rule) return undefined;
    const copy = { ...rule };
    this.consume(rule);
    return copy;
  }
}
