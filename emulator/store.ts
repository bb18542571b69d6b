/**
 * All emulator state in one JSON-serialisable object, persisted to `<dataDir>/state.json` with an
 * atomic write (temp file + rename) debounced after changes, so a restart keeps customers, intents,
 * events, idempotency records and pending webhook deliveries.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type Stripe from "stripe";
import type { AfterCharge, Behavior } from "./cards";
import { kindOfId } from "./ids";
import { ensurePrivateDir, PRIVATE_FILE_MODE } from "./private-files";

export interface Collections {
  customer: Stripe.Customer;
  payment_method: Stripe.PaymentMethod;
  setup_intent: Stripe.SetupIntent;
  payment_intent: Stripe.PaymentIntent;
  charge: Stripe.Charge;
  refund: Stripe.Refund;
  dispute: Stripe.Dispute;
  product: Stripe.Product;
  price: Stripe.Price;
  "checkout.session": Stripe.Checkout.Session;
  subscription: Stripe.Subscription;
  invoice: Stripe.Invoice;
  invoiceitem: Stripe.InvoiceItem;
  invoice_payment: Stripe.InvoicePayment;
  event: StoredEvent;
  token: Stripe.Token;
  webhook_endpoint: Stripe.WebhookEndpoint;
}
export type Kind = keyof Collections;
export const KINDS: Kind[] = [
  "customer",
  "payment_method",
  "setup_intent",
  "payment_intent",
  "charge",
  "refund",
  "dispute",
  "product",
  "price",
  "checkout.session",
  "subscription",
  "invoice",
  "invoiceitem",
  "invoice_payment",
  "event",
  "token",
  "webhook_endpoint",
];

/** Stripe.Event is a union keyed by type; stored events are built generically. */
export interface StoredEvent {
  id: string;
  object: "event";
  api_version: string | null;
  created: number;
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
  livemode: boolean;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null } | null;
  type: string;
}

export interface PaymentMethodMeta {
  behavior: Behavior;
  /** Set once a SetupIntent or an off-session-saving payment authenticated this card. */
  setUpForOffSession: boolean;
  /** Used on a PaymentIntent without a customer, or detached: may not be used again. */
  consumed: boolean;
  /** Disputes and refund outcomes of the charges this card makes (dispute/refund test cards). */
  afterCharge?: AfterCharge;
}

/** A refund whose status will still move by itself (pending → succeeded, succeeded → failed). */
export interface RefundMeta {
  settleAt: number;
  to: "succeeded" | "failed";
}

export interface IntentMeta {
  /** Opaque token in the 3-D Secure page URL. */
  authToken?: string;
  /** The current confirmation already passed 3-D Secure (manual confirmation re-confirms). */
  authenticated?: boolean;
  offSession?: boolean;
  returnUrl?: string | null;
  invoice?: string;
  checkoutSession?: string;
  /** Subscription-mode Checkout: the subscription is created only once this payment succeeds. */
  checkoutSubscription?: boolean;
  /** Captured by Stripe.js confirmations, which may skip the return_url requirement. */
  viaStripeJs?: boolean;
}

export interface SessionMeta {
  lineItems: Stripe.LineItem[];
  paymentIntentData: {
    setup_future_usage?: "on_session" | "off_session";
    metadata?: Record<string, string>;
    description?: string;
  };
  subscriptionData: { trial_period_days?: number; metadata?: Record<string, string>; description?: string };
  /** The email the hosted page shows; from `customer_email` or the customer. */
  emailPrefill: string | null;
  lastError?: string;
  /** PaymentIntent of the (latest) payment attempt; public `payment_intent` is set on completion. */
  paymentIntentId?: string;
  /** SetupIntent collecting the card (setup mode, or a subscription with a free trial). */
  setupIntentId?: string;
}

export interface InvoiceMeta {
  token: string;
  paymentIntent: string | null;
  charge: string | null;
  paidOutOfBand: boolean;
}

export interface SubscriptionMeta {
  /** When an incomplete subscription started waiting for payment (expires after 23 h). */
  incompleteSince?: number;
  trialWillEndSent?: boolean;
  /** Open renewal invoice being retried, with the next retry time. */
  retryInvoice?: string;
  nextRetryAt?: number;
  retryCount?: number;
  pendingCancelAtPeriodEnd?: boolean;
}

export interface IdempotencyRecord {
  method: string;
  path: string;
  params: string;
  status: number;
  body: string;
  requestId: string;
  /** Wall-clock ms, not the virtual clock: advancing the clock must not expire keys (see http/api.ts). */
  createdAtMs: number;
  inFlight: boolean;
}

export interface DeliveryAttempt {
  at: number;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  endpoint: string;
  url: string;
  status: "pending" | "succeeded" | "failed" | "dropped";
  attempts: DeliveryAttempt[];
  nextAttemptAt: number | null;
  /** Deliveries held by a reorder fault are released together, last first. */
  heldForReorder?: boolean;
  seq: number;
}

export interface State {
  version: 1;
  clockOffsetSeconds: number;
  objects: { [K in Kind]: Record<string, Collections[K]> };
  deleted: Record<string, true>;
  meta: {
    payment_method: Record<string, PaymentMethodMeta>;
    payment_intent: Record<string, IntentMeta>;
    setup_intent: Record<string, IntentMeta>;
    session: Record<string, SessionMeta>;
    invoice: Record<string, InvoiceMeta>;
    subscription: Record<string, SubscriptionMeta>;
    refund: Record<string, RefundMeta>;
  };
  /** Secrets of endpoints created through POST /v1/webhook_endpoints (only shown at creation). */
  webhookSecrets: Record<string, string>;
  /** 3-D Secure page tokens → intent id. */
  authTokens: Record<string, string>;
  /** Hosted invoice page tokens → invoice id. */
  invoiceTokens: Record<string, string>;
  idempotency: Record<string, IdempotencyRecord>;
  deliveries: Delivery[];
  deliverySeq: number;
}

export function emptyState(): State {
  const objects = Object.fromEntries(KINDS.map((k) => [k, {}])) as State["objects"];
  return {
    version: 1,
    clockOffsetSeconds: 0,
    objects,
    deleted: {},
    meta: {
      payment_method: {},
      payment_intent: {},
      setup_intent: {},
      session: {},
      invoice: {},
      subscription: {},
      refund: {},
    },
    webhookSecrets: {},
    authTokens: {},
    invoiceTokens: {},
    idempotency: {},
    deliveries: [],
    deliverySeq: 0,
  };
}

/**
 * Idempotency records as a new process must see them. No request survives a restart, so a record
 * still in flight (saved while a request slept in a latency fault) would answer every retry with 409
 * until it expired: it is dropped. Files written before keys expired in real time hold `createdAt` in
 * virtual seconds; the saved clock offset turns it back into wall-clock time (earlier, never later,
 * if the clock moved since), so such a key is still pruned instead of living forever.
 */
function reviveIdempotency(state: State): void {
  for (const [key, record] of Object.entries(state.idempotency)) {
    if (record.inFlight) {
      delete state.idempotency[key];
      continue;
    }
    const legacy = record as Partial<IdempotencyRecord> & { createdAt?: number };
    if (typeof legacy.createdAtMs === "number") continue;
    record.createdAtMs = ((legacy.createdAt ?? 0) - state.clockOffsetSeconds) * 1000;
    delete legacy.createdAt;
  }
}

export interface StoreOptions {
  /** Directory for state.json; undefined keeps everything in memory. */
  dir?: string | undefined;
  debounceMs?: number;
  log?: (line: string) => void;
}

export class Store {
  state: State;
  private readonly file: string | undefined;
  private readonly debounceMs: number;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly log: (line: string) => void;

  constructor(options: StoreOptions = {}) {
    this.file = options.dir ? path.join(options.dir, "state.json") : undefined;
    this.debounceMs = options.debounceMs ?? 100;
    this.log = options.log ?? (() => {});
    this.state = this.load();
  }

  private load(): State {
    if (!this.file || !existsSync(this.file)) return emptyState();
    try {
      const parsed = JSON.parse(readFileSync(this.file, "utf8")) as Partial<State>;
      if (parsed.version !== 1) throw new Error(`unsupported state version ${String(parsed.version)}`);
      // Merge over an empty state so collections added later exist after an upgrade.
      const base = emptyState();
      const state = {
        ...base,
        ...parsed,
        objects: { ...base.objects, ...parsed.objects },
        meta: { ...base.meta, ...parsed.meta },
      } as State;
      reviveIdempotency(state);
      return state;
    } catch (error) {
      const aside = `${this.file}.corrupt-${Date.now()}`;
      try {
        renameSync(this.file, aside);
      } catch {}
      this.log(
        `emulator state in ${this.file} was unreadable (${(error as Error).message}); moved to ${aside}`,
      );
      return emptyState();
    }
  }

  get<K extends Kind>(kind: K, id: string): Collections[K] | undefined {
    return this.state.objects[kind][id];
  }

  put<K extends Kind>(kind: K, object: Collections[K] & { id: string }): Collections[K] {
    (this.state.objects[kind] as Record<string, Collections[K]>)[object.id] = object;
    this.markDirty();
    return object;
  }

  remove(kind: Kind, id: string): void {
    delete this.state.objects[kind][id];
    this.markDirty();
  }

  /** Oldest first (insertion order; ids are never integer-like, so key order is insertion order). */
  all<K extends Kind>(kind: K): Collections[K][] {
    return Object.values(this.state.objects[kind]) as Collections[K][];
  }

  count(kind: Kind): number {
    return Object.keys(this.state.objects[kind]).length;
  }

  /** Any stored object by id, found through its prefix. */
  find(id: string): { kind: Kind; object: Record<string, unknown> } | undefined {
    const kind = kindOfId(id) as Kind | undefined;
    if (!kind || !(kind in this.state.objects)) return undefined;
    const object = this.state.objects[kind][id] as Record<string, unknown> | undefined;
    return object ? { kind, object } : undefined;
  }

  markDirty(): void {
    if (!this.file || this.closed) return;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.debounceMs);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.file || this.closed) return;
    try {
      // Holds customers, cards and webhook payloads: owner-only, like the rest of the data folder.
      ensurePrivateDir(path.dirname(this.file));
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(this.state), { mode: PRIVATE_FILE_MODE });
      renameSync(tmp, this.file);
    } catch (error) {
      this.log(`could not save emulator state: ${(error as Error).message}`);
    }
  }

  /**
   * Last save, then read-only: a request still finishing after its emulator closed must not write
   * over the file that the next emulator on the same directory has loaded and is saving.
   */
  close(): void {
    this.flush();
    this.closed = true;
  }

  reset(): void {
    this.state = emptyState();
    this.markDirty();
  }
}
