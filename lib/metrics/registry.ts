/**
 * Prometheus metrics (prom-client), served at /metrics. One registry per process, kept on
 * globalThis so every bundle chunk (route handlers, instrumentation) counts into the same one.
 * Counters are updated where things happen (the door core's request hook, the Stripe client, the
 * reconciler); the webhook inbox's backlog and lag are read from the database at scrape time, so
 * they are right whichever instance received the events.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";

interface Metrics {
  registry: Registry;
  requests: Counter<"method" | "route" | "status">;
  duration: Histogram<"method" | "route" | "status">;
  stripeErrors: Counter<"kind">;
  idempotencyReplays: Counter<"route">;
  rateLimited: Counter<"route">;
  reconcilerExceptions: Counter<"kind">;
  reconcilerRuns: Counter<"outcome">;
  inboxBacklog: Gauge;
  inboxOldestSec: Gauge;
}

/** Read at scrape time: unprocessed webhook events and the age of the oldest (set by lib/metrics/inbox.ts). */
export type InboxProbe = () => Promise<{ backlog: number; oldestAgeSec: number }>;

const globalKey = Symbol.for("onramp.metrics");
const probeKey = Symbol.for("onramp.metrics.inboxProbe");
const g = globalThis as typeof globalThis & { [globalKey]?: Metrics; [probeKey]?: InboxProbe };

function create(): Metrics {
  const registry = new Registry();
  const probe = async (apply: (p: { backlog: number; oldestAgeSec: number }) => void) => {
    const read = g[probeKey];
    if (!read) return;
    // A database that is down must not fail the scrape: the gauge keeps its last value.
    await read().then(apply, () => {});
  };
  return {
    registry,
    requests: new Counter({
      name: "onramp_http_requests_total",
      help: "Requests answered, by route pattern and status.",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    }),
    duration: new Histogram({
      name: "onramp_http_request_duration_seconds",
      help: "Time to answer, by route pattern and status.",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    stripeErrors: new Counter({
      name: "onramp_stripe_errors_total",
      help: "Stripe API calls that failed: by HTTP status (402 is a card decline) or `connection`.",
      labelNames: ["kind"],
      registers: [registry],
    }),
    idempotencyReplays: new Counter({
      name: "onramp_idempotency_replays_total",
      help: "Requests answered from a stored Idempotency-Key response.",
      labelNames: ["route"],
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: "onramp_rate_limit_rejections_total",
      help: "Requests refused with 429 by the rate limiter.",
      labelNames: ["route"],
      registers: [registry],
    }),
    reconcilerExceptions: new Counter({
      name: "onramp_reconciler_exceptions_total",
      help: "New reconciliation exceptions (money in Stripe and the ledger that disagree) and objects that failed to process.",
      labelNames: ["kind"],
      registers: [registry],
    }),
    reconcilerRuns: new Counter({
      name: "onramp_reconciler_runs_total",
      help: "Reconciler passes, by outcome.",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    inboxBacklog: new Gauge({
      name: "onramp_webhook_inbox_backlog",
      help: "Stripe events received but not yet processed (all instances).",
      registers: [registry],
      async collect() {
        await probe((p) => this.set(p.backlog));
      },
    }),
    inboxOldestSec: new Gauge({
      name: "onramp_webhook_lag_seconds",
      help: "Age of the oldest unprocessed Stripe event (0 when the inbox is empty).",
      registers: [registry],
      async collect() {
        await probe((p) => this.set(p.oldestAgeSec));
      },
    }),
  };
}

export function metrics(): Metrics {
  g[globalKey] ??= create();
  return g[globalKey];
}

export function setInboxProbe(probe: InboxProbe): void {
  g[probeKey] = probe;
}

/** The door core's one hook: a request has been answered. */
export function recordRequest(r: {
  method: string;
  route: string;
  status: number | undefined;
  durationMs: number;
  replayed: boolean;
  errorCode: string | undefined;
}): void {
  const m = metrics();
  const labels = { method: r.method, route: r.route, status: String(r.status ?? 0) };
  m.requests.inc(labels);
  m.duration.observe(labels, r.durationMs / 1000);
  if (r.replayed) m.idempotencyReplays.inc({ route: r.route });
  if (r.errorCode === "rate_limited") m.rateLimited.inc({ route: r.route });
}

export async function metricsText(): Promise<{ contentType: string; body: string }> {
  const { registry } = metrics();
  return { contentType: registry.contentType, body: await registry.metrics() };
}
