/**
 * Stripe API versions: `YYYY-MM-DD` before 2024-09-30, `YYYY-MM-DD.<train>` since. The SDK sends
 * its pinned version on every request; the emulator echoes it and gates behaviour on it.
 */

/** What stripe@23.1.0 pins (and what events are rendered at unless configured otherwise). */
export const DEFAULT_API_VERSION = "2026-10-28.endive";

/** The release train @stripe/stripe-js 10.x expects `window.Stripe.version` to be. */
export const STRIPE_JS_RELEASE_TRAIN = "endive";

const TRAINS: Array<{ name: string; since: string }> = [
  { name: "acacia", since: "2024-09-30" },
  { name: "basil", since: "2025-03-31" },
  { name: "clover", since: "2025-09-30" },
  { name: "dahlia", since: "2026-03-25" },
  { name: "endive", since: "2026-09-30" },
];

export interface ApiVersion {
  raw: string;
  date: string;
  train: string | null;
}

function isRealDate(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

export function parseApiVersion(raw: string): ApiVersion | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:\.([a-z]+))?$/.exec(raw.trim());
  if (!m) return null;
  const date = m[1] ?? "";
  const train = m[2] ?? null;
  if (!isRealDate(date) || date < "2011-01-01") return null;
  if (train === null) {
    // Dated versions without a train name stopped at acacia.
    return date < "2024-09-30" ? { raw, date, train } : null;
  }
  const index = TRAINS.findIndex((t) => t.name === train);
  const current = TRAINS[index];
  if (!current || date < current.since) return null;
  const next = TRAINS[index + 1];
  if (next && date >= next.since) return null;
  return { raw, date, train };
}

/** Behaviour switches, named for the change log entry that introduced them. */
export const gates = {
  /** 2022-08-01: Checkout payment mode creates its PaymentIntent only on confirmation. */
  deferredCheckoutPaymentIntent: (v: ApiVersion) => v.date >= "2022-08-01",
  /** 2022-11-15: PaymentIntent.charges removed (use latest_charge). */
  noChargesList: (v: ApiVersion) => v.date >= "2022-11-15",
  /** 2023-08-16: automatic_payment_methods on by default; confirm needs return_url. */
  automaticPaymentMethodsDefault: (v: ApiVersion) => v.date >= "2023-08-16",
  /** 2024-04-10: capture_method defaults to automatic_async. */
  asyncCaptureDefault: (v: ApiVersion) => v.date >= "2024-04-10",
  /** basil: Invoice.payment_intent/paid/subscription gone; Subscription periods move to items. */
  basil: (v: ApiVersion) => v.date >= "2025-03-31",
  /** dahlia: Checkout ui_mode hosted→hosted_page, embedded→embedded_page, custom→elements. */
  dahliaUiModes: (v: ApiVersion) => v.date >= "2026-03-25",
  /** endive: payment_method_types no longer writable on PaymentIntents and SetupIntents. */
  paymentMethodTypesReadOnly: (v: ApiVersion) => v.date >= "2026-09-30",
};
