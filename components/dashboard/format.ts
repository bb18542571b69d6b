/** Display helpers shared by the dashboard's server and client components (UTC, so both render alike). */
import { formatUsd, usdToMinor } from "@/lib/money";

/** An API amount (USD number, e.g. 25 or 10.5) as `$25.00`. */
export function usd(amount: number): string {
  const minor = usdToMinor(Math.abs(amount)) ?? 0;
  return formatUsd(amount < 0 ? -minor : minor);
}

/** A ledger amount with its direction: `+$25.00` or `−$0.05`. */
export function signedUsd(amount: number, type: "credit" | "debit" | string): string {
  return `${type === "debit" ? "−" : "+"}${usd(Math.abs(amount))}`;
}

/** A ledger amount in cents with its direction: `+$25.00` or `−$0.05`. */
export function signedMinor(minor: number): string {
  return `${minor < 0 ? "−" : "+"}${formatUsd(Math.abs(minor))}`;
}

const DATE = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});
const DATE_TIME = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});

export const formatDate = (iso: string | null) => (iso ? DATE.format(new Date(iso)) : "—");
export const formatDateTime = (iso: string | null) => (iso ? `${DATE_TIME.format(new Date(iso))} UTC` : "—");

/** A fresh id per payment attempt; getRandomValues also works on plain-http LAN installs. */
export function attemptId(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
}
