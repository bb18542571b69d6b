/**
 * The emulator's shared core: state, virtual clock, event emission, webhook dispatch, faults and
 * counters. Resource modules take an Engine and stay free of HTTP concerns, so the hosted pages,
 * test helpers and clock-driven billing reuse exactly the code the API uses.
 */
import type { Clock } from "./clock";
import { Faults } from "./faults";
import { newId } from "./ids";
import { type Audience, render } from "./render";
import { Stats } from "./stats";
import type { Kind, Store, StoredEvent } from "./store";
import { type ApiVersion, parseApiVersion } from "./versions";
import { type RetryPolicy, WebhookDispatcher, type WebhookEndpointTarget } from "./webhooks";

export interface EngineConfig {
  publicUrl: string;
  /** Account default version: used when a request sends none, and for every event. */
  apiVersion: ApiVersion;
  strictParams: boolean;
  allowRawCardDataWithSecretKey: boolean;
  webhook: { url: string; secret: string } | undefined;
  retry: RetryPolicy;
}

export interface RequestScope {
  id: string;
  idempotencyKey: string | null;
  version: ApiVersion;
  audience: Audience;
}

type Ticker = (engine: Engine) => void;

export type InternalHook =
  | "payment_intent.succeeded"
  | "payment_intent.requires_capture"
  | "payment_intent.payment_failed"
  | "payment_intent.requires_action"
  | "setup_intent.succeeded"
  | "setup_intent.setup_failed"
  | "invoice.paid"
  | "invoice.payment_failed";

export class Engine {
  readonly faults = new Faults();
  readonly stats = new Stats();
  readonly webhooks: WebhookDispatcher;
  /** Set while a request runs, so events carry `request.id` / `idempotency_key`. */
  scope: RequestScope | null = null;
  private readonly tickers: Ticker[] = [];
  /** Fields that exist only when expanded, keyed `<object>.<field>` (e.g. `invoice.payments`). */
  readonly includables = new Map<string, (owner: Record<string, unknown>) => unknown>();
  private ticking = false;
  private lastTick = -1;

  constructor(
    readonly store: Store,
    readonly clock: Clock,
    readonly config: EngineConfig,
    readonly log: (line: string) => void,
  ) {
    this.webhooks = new WebhookDispatcher({
      store,
      faults: this.faults,
      endpoints: () => this.webhookEndpoints(),
      log,
      retry: config.retry,
    });
  }

  now(): number {
    return this.clock.now();
  }

  url(pathname: string): string {
    return `${this.config.publicUrl}${pathname}`;
  }

  /** The configured endpoint plus the enabled ones created through the API. */
  webhookEndpoints(): WebhookEndpointTarget[] {
    const list: WebhookEndpointTarget[] = [];
    if (this.config.webhook) {
      list.push({
        id: "config",
        url: this.config.webhook.url,
        secret: this.config.webhook.secret,
        enabledEvents: ["*"],
      });
    }
    for (const we of this.store.all("webhook_endpoint")) {
      if (this.store.state.deleted[we.id] || we.status !== "enabled") continue;
      const secret = this.store.state.webhookSecrets[we.id];
      if (secret) list.push({ id: we.id, url: we.url, secret, enabledEvents: we.enabled_events });
    }
    return list;
  }

  /** Renders any stored object for a version/audience (defaults: the current request's). */
  render<T>(value: T, version?: ApiVersion, audience?: Audience): T {
    return render(value, {
      version: version ?? this.scope?.version ?? this.config.apiVersion,
      audience: audience ?? this.scope?.audience ?? "secret",
      store: this.store,
    }) as T;
  }

  /**
   * Records an event (a snapshot of `object` at the account's API version) and queues webhook
   * deliveries. `previous` holds the pre-change values of changed keys, for `*.updated` events.
   */
  emit(type: string, object: object, previous?: Record<string, unknown>): StoredEvent {
    const scope = this.scope;
    const event: StoredEvent = {
      id: newId("evt_"),
      object: "event",
      api_version: this.config.apiVersion.raw,
      created: this.now(),
      data: {
        object: this.render(object, this.config.apiVersion, "secret") as Record<string, unknown>,
        ...(previous && Object.keys(previous).length > 0 ? { previous_attributes: previous } : {}),
      },
      livemode: false,
      pending_webhooks: 0,
      request: scope
        ? { id: scope.id, idempotency_key: scope.idempotencyKey }
        : { id: null, idempotency_key: null },
      type,
    };
    this.store.put("event", event);
    event.pending_webhooks = this.webhooks.enqueue(event);
    return event;
  }

  private readonly hooks = new Map<string, Array<(id: string) => void>>();

  /**
   * Internal cross-resource reactions (an invoice's PaymentIntent succeeded → the invoice is paid;
   * a Checkout PaymentIntent succeeded → the session completes) without import cycles.
   */
  on(name: InternalHook, fn: (id: string) => void): void {
    const list = this.hooks.get(name) ?? [];
    list.push(fn);
    this.hooks.set(name, list);
  }

  fire(name: InternalHook, id: string): void {
    for (const fn of this.hooks.get(name) ?? []) fn(id);
  }

  onTick(ticker: Ticker): void {
    this.tickers.push(ticker);
  }

  /**
   * Runs time-driven work (renewals, retries, expiries) up to the virtual now. Called before each
   * request and after the clock moves, so time passing needs no background timers.
   */
  tick(): void {
    // Nothing becomes due within the second already processed (deadlines are whole seconds).
    const now = this.now();
    if (this.ticking || now === this.lastTick) return;
    this.lastTick = now;
    this.ticking = true;
    const saved = this.scope;
    // Automatic events (renewals, expiries) have no originating request.
    this.scope = null;
    try {
      for (const t of this.tickers) t(this);
    } finally {
      this.scope = saved;
      this.ticking = false;
    }
  }

  /** Runs `fn` with events attributed to no request (clock-driven or page-driven work). */
  withScope<T>(scope: RequestScope | null, fn: () => T): T {
    const saved = this.scope;
    this.scope = scope;
    try {
      return fn();
    } finally {
      this.scope = saved;
    }
  }

  counts(): Record<Kind, number> {
    const out = {} as Record<Kind, number>;
    for (const kind of Object.keys(this.store.state.objects) as Kind[]) out[kind] = this.store.count(kind);
    return out;
  }
}

export function requireVersion(raw: string): ApiVersion {
  const v = parseApiVersion(raw);
  if (!v) throw new Error(`Invalid Stripe API version: ${raw}`);
  return v;
}

/**
 * Keys whose values differ, with the old values; nested plain objects are diffed recursively the
 * way Stripe reports `previous_attributes` (`{metadata: {plan: "old"}}`).
 */
export function previousAttributes(before: object, after: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  for (const key of keys) {
    const bv = b[key];
    const av = a[key];
    if (JSON.stringify(bv) === JSON.stringify(av)) continue;
    const plain = (v: unknown) =>
      typeof v === "object" && v !== null && !Array.isArray(v) && !("object" in v);
    if (plain(bv) && plain(av)) {
      const nested = previousAttributes(bv as object, av as object);
      out[key] = nested;
    } else {
      out[key] = bv === undefined ? null : bv;
    }
  }
  return out;
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}
