/** The `token_expiry` options of the contract; calendar months, so "1_month" from Jan 31 ends Feb 28/29. */
/** `6_months` and `1_year` are the official CLI's additions to the documented four. */
export const TOKEN_EXPIRIES = ["1_week", "1_month", "3_months", "6_months", "1_year", "never"] as const;
export type TokenExpiry = (typeof TOKEN_EXPIRIES)[number];
export const DEFAULT_TOKEN_EXPIRY: TokenExpiry = "1_month";

function addMonths(from: Date, months: number): Date {
  const d = new Date(from);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

/** Null means the token never expires. */
export function expiresAtFor(expiry: TokenExpiry, now: Date): Date | null {
  switch (expiry) {
    case "1_week":
      return new Date(now.getTime() + 7 * 86_400_000);
    case "1_month":
      return addMonths(now, 1);
    case "3_months":
      return addMonths(now, 3);
    case "6_months":
      return addMonths(now, 6);
    case "1_year":
      return addMonths(now, 12);
    case "never":
      return null;
  }
}
