/**
 * Money is integer minor units (cents) inside Onramp; the API speaks USD decimals with at most two
 * places. Conversions go through the decimal string, never through float arithmetic, so 0.29 is
 * 29 cents and not 28.999….
 */
import { z } from "zod";

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

/** `$25.00`, `-$3.50`. */
export function formatUsd(minor: number): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  const whole = Math.trunc(abs / 100).toLocaleString("en-US");
  return `${sign}$${whole}.${String(abs % 100).padStart(2, "0")}`;
}

/**
 * A zod field for a USD amount between min and max dollars, output in cents. Strings are refused
 * (`"100"`): the contract's amounts are JSON numbers.
 */
export function usdAmount(minUsd: number | (() => number), maxUsd: number | (() => number)) {
  // Bounds may come from configuration, read at parse time rather than when routes are imported.
  const bound = (b: number | (() => number)) => (typeof b === "function" ? b() : b);
  return z.number({ error: "must be a number of US dollars, e.g. 25 or 25.50" }).transform((value, ctx) => {
    const minor = usdToMinor(value);
    if (minor === null) {
      ctx.addIssue({ code: "custom", message: "must be a positive amount with at most 2 decimal places" });
      return z.NEVER;
    }
    const min = bound(minUsd);
    const max = bound(maxUsd);
    if (minor < min * 100) {
      ctx.addIssue({ code: "custom", message: `must be at least $${min}` });
      return z.NEVER;
    }
    if (minor > max * 100) {
      ctx.addIssue({ code: "custom", message: `must be at most $${max}` });
      return z.NEVER;
    }
    return minor;
  });
}
