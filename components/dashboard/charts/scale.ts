/** Shared geometry of the overview's SVG charts: a 100 × 100 plot stretched to its box. */
export const VIEW = 100;

/** Rounds cents up to 1, 2 or 5 × 10ⁿ, so the axis reads in round numbers ($10.00 when empty). */
export function niceMaxMinor(value: number): number {
  if (value <= 0) return 1000;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((s) => s * power >= value) ?? 10;
  return step * power;
}

/** "29 Nov" from "2026-11-29". */
export function shortDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  });
}
