/** Billing period arithmetic in UTC, anchored like Stripe (Jan 31 → Feb 28 → Mar 31). */
export type Interval = "day" | "week" | "month" | "year";

function addMonthsClamped(anchor: Date, months: number): number {
  const y = anchor.getUTCFullYear();
  const m = anchor.getUTCMonth() + months;
  const targetYear = y + Math.floor(m / 12);
  const targetMonth = ((m % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(anchor.getUTCDate(), lastDay);
  return Date.UTC(
    targetYear,
    targetMonth,
    day,
    anchor.getUTCHours(),
    anchor.getUTCMinutes(),
    anchor.getUTCSeconds(),
  );
}

/** The n-th period boundary after `anchor` (n = 0 is the anchor itself). */
export function boundary(anchor: number, interval: Interval, count: number, n: number): number {
  const steps = count * n;
  switch (interval) {
    case "day":
      return anchor + steps * 86400;
    case "week":
      return anchor + steps * 7 * 86400;
    case "month":
      return Math.floor(addMonthsClamped(new Date(anchor * 1000), steps) / 1000);
    case "year":
      return Math.floor(addMonthsClamped(new Date(anchor * 1000), steps * 12) / 1000);
  }
}

/** First boundary strictly after `t`. */
export function nextBoundaryAfter(anchor: number, interval: Interval, count: number, t: number): number {
  // A rough starting guess keeps this cheap for long-lived anchors.
  const approx = { day: 86400, week: 7 * 86400, month: 28 * 86400, year: 365 * 86400 }[interval] * count;
  let n = Math.max(0, Math.floor((t - anchor) / approx) - 2);
  while (boundary(anchor, interval, count, n) <= t) n++;
  return boundary(anchor, interval, count, n);
}

/** Share of a period still unused at `at`, in [0, 1]. */
export function unusedFraction(start: number, end: number, at: number): number {
  if (end <= start) return 0;
  return Math.min(1, Math.max(0, (end - at) / (end - start)));
}

/** The period [start, end) that contains `t`. */
export function periodContaining(
  anchor: number,
  interval: Interval,
  count: number,
  t: number,
): { start: number; end: number } {
  const end = nextBoundaryAfter(anchor, interval, count, t);
  let start = anchor;
  for (let n = 0; ; n++) {
    const b = boundary(anchor, interval, count, n);
    if (b >= end) break;
    start = b;
  }
  return { start: Math.min(start, t), end };
}
