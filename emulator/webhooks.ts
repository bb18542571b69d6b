/**
 * Webhook delivery: each event is POSTed to every matching endpoint, signed like Stripe
 * (`Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body" under the whsec_ string>`), and
 * retried with capped exponential backoff on anything but 2xx. Deliveries are persisted, so
 * pending retries survive a restart. One delivery at a time per endpoint keeps events in creation
 * order unless a fault rule says otherwise.
 *
 * The app's local endpoint may not exist yet (404) — so failures are logged only when an endpoint
 * starts failing and when it recovers, not on every attempt.
 */
import { createHmac } from "node:crypto";
import type { Faults } from "./faults";
import { randomBase62 } from "./ids";
import type { Delivery, Store, StoredEvent } from "./store";

export interface WebhookEndpointTarget {
  id: string;
  url: string;
  secret: string;
  /** Event types, `*`, or prefixes like `invoice.*`. */
  enabledEvents: string[];
}

export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  initialDelayMs: number;
  factor: number;
  maxDelayMs: number;
  /** Per-attempt response timeout. */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  initialDelayMs: 5_000,
  factor: 6,
  maxDelayMs: 60 * 60_000,
  timeoutMs: 10_000,
};

export function signPayload(payload: string, secret: string, timestamp: number): string {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${v1}`;
}

export function eventMatches(enabled: string[], type: string): boolean {
  return enabled.some(
    (e) => e === "*" || e === type || (e.endsWith(".*") && type.startsWith(e.slice(0, -1))),
  );
}

/** Delay before attempt number `attempt + 1` (attempt counts from 1). */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (attempt - 1));
}

interface DispatcherDeps {
  store: Store;
  faults: Faults;
  endpoints: () => WebhookEndpointTarget[];
  log: (line: string) => void;
  retry: RetryPolicy;
  realNowMs?: () => number;
}

export class WebhookDispatcher {
  private readonly busy = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = 0;
  private stopped = false;
  private readonly failing = new Set<string>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly reorderTimers = new Set<NodeJS.Timeout>();
  private readonly now: () => number;

  constructor(private readonly deps: DispatcherDeps) {
    this.now = deps.realNowMs ?? Date.now;
  }

  private get deliveries(): Delivery[] {
    return this.deps.store.state.deliveries;
  }

  /** Creates deliveries for an event; returns how many endpoints will receive it. */
  enqueue(event: StoredEvent): number {
    const targets = this.deps.endpoints().filter((e) => eventMatches(e.enabledEvents, event.type));
    for (const target of targets) {
      const fault = this.deps.faults.takeWebhook(event.type);
      const make = (): Delivery => {
        this.deps.store.state.deliverySeq += 1;
        return {
          id: `whdel_${randomBase62(20)}`,
          eventId: event.id,
          eventType: event.type,
          endpoint: target.id,
          url: target.url,
          status: "pending",
          attempts: [],
          nextAttemptAt: this.now(),
          seq: this.deps.store.state.deliverySeq,
        };
      };
      const delivery = make();
      if (fault?.action === "drop") {
        delivery.status = "dropped";
        delivery.nextAttemptAt = null;
      } else if (fault?.action === "delay") {
        delivery.nextAttemptAt = this.now() + fault.ms;
      } else if (fault?.action === "reorder") {
        delivery.heldForReorder = true;
        delivery.nextAttemptAt = null;
        const timer = setTimeout(() => {
          this.reorderTimers.delete(timer);
          this.releaseHeld();
        }, fault.ms);
        timer.unref();
        this.reorderTimers.add(timer);
      }
      this.deliveries.push(delivery);
      if (fault?.action === "duplicate") this.deliveries.push(make());
      if (fault?.action === "reorder" && fault.remaining !== null && fault.remaining <= 1) this.releaseHeld();
    }
    this.prune();
    this.deps.store.markDirty();
    this.schedule(0);
    return targets.length;
  }

  /** Sends held (reorder) deliveries, last-held first. */
  releaseHeld(): void {
    const held = this.deliveries.filter((d) => d.heldForReorder && d.status === "pending");
    if (held.length === 0) return;
    const now = this.now();
    const seqs = held.map((d) => d.seq).sort((a, b) => a - b);
    held.reverse().forEach((d, i) => {
      d.heldForReorder = false;
      d.nextAttemptAt = now;
      d.seq = seqs[i] ?? d.seq;
    });
    this.schedule(0);
  }

  /** Makes every pending delivery due now (used by tests and `POST /_emulator/webhooks/flush`). */
  flush(): void {
    this.releaseHeld();
    const now = this.now();
    for (const d of this.deliveries)
      if (d.status === "pending" && d.nextAttemptAt !== null) d.nextAttemptAt = now;
    this.schedule(0);
  }

  /** Re-sends an event to every endpoint (a fresh delivery), like the Dashboard's "Resend". */
  resend(event: StoredEvent): number {
    return this.enqueue(event);
  }

  start(): void {
    this.stopped = false;
    // Deliveries held by a reorder fault before a restart would otherwise wait forever.
    this.releaseHeld();
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const t of this.reorderTimers) clearTimeout(t);
    this.reorderTimers.clear();
    await Promise.allSettled([...this.inflight]);
  }

  /** Resolves once nothing is due or in flight (pending retries in the future do not count). */
  async idle(): Promise<void> {
    for (let i = 0; i < 1000; i++) {
      const now = this.now();
      const due = this.deliveries.some(
        (d) =>
          d.status === "pending" &&
          d.nextAttemptAt !== null &&
          d.nextAttemptAt <= now &&
          !this.busy.has(d.url),
      );
      if (!due && this.inflight.size === 0) return;
      if (due) this.pump();
      await Promise.race([...this.inflight, new Promise((r) => setTimeout(r, 5))]);
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    const at = this.now() + delayMs;
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.pump();
      },
      Math.max(0, delayMs),
    );
    this.timer.unref();
  }

  private pump(): void {
    if (this.stopped) return;
    const now = this.now();
    const pending = this.deliveries
      .filter((d) => d.status === "pending" && d.nextAttemptAt !== null)
      .sort((a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0) || a.seq - b.seq);
    // One attempt in flight per endpoint, earliest due first, keeps creation order; a delivery
    // backing off does not hold newer ones back (Stripe does not guarantee order either).
    let nextWake = Number.POSITIVE_INFINITY;
    for (const d of pending) {
      const due = (d.nextAttemptAt ?? 0) <= now;
      if (!due) {
        nextWake = Math.min(nextWake, d.nextAttemptAt ?? now);
        continue;
      }
      if (this.busy.has(d.url)) continue;
      this.busy.add(d.url);
      const p = this.attempt(d).finally(() => {
        this.busy.delete(d.url);
        this.inflight.delete(p);
        this.schedule(0);
      });
      this.inflight.add(p);
    }
    if (Number.isFinite(nextWake)) this.schedule(nextWake - now);
  }

  private async attempt(delivery: Delivery): Promise<void> {
    const event = this.deps.store.get("event", delivery.eventId);
    const endpoint = this.deps.endpoints().find((e) => e.id === delivery.endpoint);
    if (!event || !endpoint) {
      delivery.status = "failed";
      delivery.nextAttemptAt = null;
      delivery.attempts.push({
        at: this.now(),
        status: null,
        error: "endpoint or event no longer exists",
        durationMs: 0,
      });
      this.settle(delivery, event);
      return;
    }
    const body = JSON.stringify(event, null, 2);
    // Each attempt is signed afresh with real time: the receiver checks t against its own clock.
    const signature = signPayload(body, endpoint.secret, Math.floor(this.now() / 1000));
    const started = this.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(delivery.url, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "stripe-signature": signature,
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "cache-control": "no-cache",
          accept: "*/*; q=0.5, application/xml",
        },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(this.deps.retry.timeoutMs),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      error = err.name === "TimeoutError" ? "timed out" : (err.cause?.code ?? err.message);
    }
    delivery.attempts.push({ at: started, status, error, durationMs: this.now() - started });
    const ok = status !== null && status >= 200 && status < 300;
    if (ok) {
      delivery.status = "succeeded";
      delivery.nextAttemptAt = null;
      if (this.failing.delete(delivery.url)) this.deps.log(`webhook deliveries to ${delivery.url} recovered`);
    } else if (delivery.attempts.length >= this.deps.retry.maxAttempts) {
      delivery.status = "failed";
      delivery.nextAttemptAt = null;
    } else {
      const wait = backoffMs(this.deps.retry, delivery.attempts.length);
      delivery.nextAttemptAt = this.now() + wait;
      if (!this.failing.has(delivery.url)) {
        this.failing.add(delivery.url);
        this.deps.log(
          `webhook delivery of ${delivery.eventType} to ${delivery.url} failed (${status ?? error}); ` +
            `retrying with backoff up to ${this.deps.retry.maxAttempts} attempts (further failures are not logged until it recovers)`,
        );
      }
    }
    this.settle(delivery, event);
  }

  private settle(delivery: Delivery, event: StoredEvent | undefined): void {
    if (event && delivery.status !== "pending") {
      const stillPending = this.deliveries.some((d) => d.eventId === event.id && d.status === "pending");
      event.pending_webhooks = stillPending
        ? this.deliveries.filter((d) => d.eventId === event.id && d.status === "pending").length
        : 0;
    }
    this.deps.store.markDirty();
  }

  /** Keeps the log bounded: finished deliveries beyond the newest 5000 are dropped. */
  private prune(): void {
    const list = this.deliveries;
    if (list.length <= 6000) return;
    const keep = list.filter((d, i) => d.status === "pending" || i >= list.length - 5000);
    this.deps.store.state.deliveries = keep;
  }
}
