/**
 * Money is integer minor units (cents) inside Onramp; the API speaks USD decimals with at most two
 * places. Conversions go through the decimal string, never through float arithmetic, so 0.29 is
 * 29 cents and not 28.999….
 *
 * No dependencies: the dashboard's browser code formats and parses amounts with these, so the zod
 * field for request bodies lives in lib/money/field.ts.
 */
const DECIMAL = /^(\d{1,9})(?:\.(\d{1,2}))?$/;

/** Cents from a USD amount given as a JSON number or a decimal string; null when not exact. */
export function usdToMinor(value: number | string): number | null {
  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? "").padEnd(2, "0"));
  return whole * 100 + fraction;
}

/** A USD number for the API: 2500 → 25, 1050 → 10.5 (JSON numbers carry no trailing zeros). */
export function minorToUsd(minor: number): number {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  return Number(`${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`);
}

/**
 * `25`, `10.5`: an amount as the API's JSON numbers print it, for a sentence that quotes one
 * ("must be at least $25"). Domain code words its messages with this, never with `minorToUsd`.
 */
export function usdFigure(minor: number): string {
  return String(minorToUsd(minor));
}

/** `$25.00`, `-$3.50`. A fraction of a cent (a chart's tick) is rounded to the nearest cent. */
export function formatUsd(minor: number): string {
  const cents = Math.round(minor);
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const whole = Math.trunc(abs / 100).toLocaleString("en-US");
  return `${sign}$${whole}.${String(abs % 100).padStart(2, "0")}`;
}

/** `25.00`, `-3.50`: the decimal text of an amount, without a symbol or thousands separators. */
export function usdDecimal(minor: number): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/**
 * Cents of a dollar figure written in code or configuration (a limit, a preset button), for
 * comparing with amounts in cents. Not for input: `usdToMinor` refuses what is not exact.
 */
export function dollarsToMinor(usd: number): number {
  return usd * 100;
}

/**
 * Cents of a USD number that may carry float noise (`0.1 + 0.2`), or null when it is not within a
 * millionth of a cent of a whole cent. For form and JSON fields that accept such numbers.
 */
export function nearestCents(usd: number): number | null {
  const cents = usd * 100;
  const rounded = Math.round(cents);
  return Math.abs(cents - rounded) < 1e-6 ? rounded : null;
}

/** `fraction` (0–1) of an amount, to the nearest cent: the proration of a price. */
export function prorateMinor(minor: number, fraction: number): number {
  return Math.round(minor * fraction);
}

/** `percent` % of an amount, rounded down to the cent: a bonus never exceeds its rate. */
export function percentOfMinor(minor: number, percent: number): number {
  return Math.floor((minor * percent) / 100);
}

/** `part / whole` of an amount, rounded down to the cent: a share that never exceeds its due. */
export function shareOfMinor(minor: number, part: number, whole: number): number {
  return Math.floor((part * minor) / whole);
}

/** A USD sum of API amounts (floats), rounded to whole cents, still in dollars: for display totals. */
export function roundUsd(usd: number): number {
  return Math.round(usd * 100) / 100;
}

/** A USD number shown with two decimals and no thousands separators: `$1234.50`. */
export function usdFixed(usd: number): string {
  return `$${usd.toFixed(2)}`;
}
