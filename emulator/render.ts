/**
 * Objects are stored in the newest shape (endive). On the way out they are shaped for the caller's
 * API version (older versions get back fields later removed) and for the caller's key (publishable
 * keys see the reduced PaymentIntent / SetupIntent views stripe-js types describe).
 */
import type { Store } from "./store";
import { type ApiVersion, gates } from "./versions";

export type Audience = "secret" | "publishable";

export interface RenderContext {
  version: ApiVersion;
  audience: Audience;
  store: Store;
}

type Obj = Record<string, unknown>;

const PUBLISHABLE_PI_FIELDS = [
  "id",
  "object",
  "amount",
  "canceled_at",
  "cancellation_reason",
  "capture_method",
  "client_secret",
  "confirmation_method",
  "created",
  "currency",
  "description",
  "last_payment_error",
  "livemode",
  "next_action",
  "payment_method",
  "payment_method_types",
  "receipt_email",
  "setup_future_usage",
  "shipping",
  "status",
];

const PUBLISHABLE_SI_FIELDS = [
  "id",
  "object",
  "cancellation_reason",
  "client_secret",
  "created",
  "description",
  "last_setup_error",
  "livemode",
  "next_action",
  "payment_method",
  "payment_method_types",
  "status",
  "usage",
];

function pick(obj: Obj, fields: string[]): Obj {
  const out: Obj = {};
  for (const f of fields) if (f in obj) out[f] = obj[f];
  return out;
}

const UI_MODE_BEFORE_DAHLIA: Record<string, string> = {
  hosted_page: "hosted",
  embedded_page: "embedded",
  elements: "custom",
};

function shape(obj: Obj, ctx: RenderContext): Obj {
  const v = ctx.version;
  const meta = ctx.store.state.meta;
  switch (obj.object) {
    case "payment_intent": {
      const id = String(obj.id);
      if (!gates.noChargesList(v)) {
        const charges = ctx.store
          .all("charge")
          .filter((c) => c.payment_intent === id)
          .reverse();
        obj.charges = {
          object: "list",
          data: charges.map((c) => render(c, ctx)),
          has_more: false,
          total_count: charges.length,
          url: `/v1/charges?payment_intent=${id}`,
        };
      }
      if (!gates.basil(v)) obj.invoice = meta.payment_intent[id]?.invoice ?? null;
      if (!gates.paymentMethodTypesReadOnly(v)) delete obj.allowed_payment_method_types;
      return ctx.audience === "publishable" ? pick(obj, PUBLISHABLE_PI_FIELDS) : obj;
    }
    case "setup_intent":
      if (!gates.paymentMethodTypesReadOnly(v)) delete obj.allowed_payment_method_types;
      return ctx.audience === "publishable" ? pick(obj, PUBLISHABLE_SI_FIELDS) : obj;
    case "invoice": {
      if (!gates.basil(v)) {
        const m = meta.invoice[String(obj.id)];
        const parent = obj.parent as { subscription_details?: { subscription?: string } } | null;
        obj.paid = obj.status === "paid";
        obj.paid_out_of_band = m?.paidOutOfBand ?? false;
        obj.payment_intent = m?.paymentIntent ?? null;
        obj.charge = m?.charge ?? null;
        obj.subscription = parent?.subscription_details?.subscription ?? null;
      }
      return obj;
    }
    case "subscription": {
      if (!gates.basil(v)) {
        const items = obj.items as {
          data?: Array<{ current_period_start?: number; current_period_end?: number }>;
        };
        const first = items.data?.[0];
        obj.current_period_start = first?.current_period_start ?? null;
        obj.current_period_end = first?.current_period_end ?? null;
      }
      return obj;
    }
    case "checkout.session": {
      if (!gates.dahliaUiModes(v) && typeof obj.ui_mode === "string") {
        obj.ui_mode = UI_MODE_BEFORE_DAHLIA[obj.ui_mode] ?? obj.ui_mode;
      }
      return obj;
    }
    default:
      return obj;
  }
}

/** Deep copy of `value` with every Stripe object in it shaped for the context. */
export function render(value: unknown, ctx: RenderContext): unknown {
  if (Array.isArray(value)) return value.map((v) => render(v, ctx));
  if (value === null || typeof value !== "object") return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value as Obj)) out[k] = render(v, ctx);
  return typeof out.object === "string" ? shape(out, ctx) : out;
}
