import { notFound } from "@/lib/errors";

/** Subscriptions are keyed by a PostgreSQL `integer`: a larger id would be a database error, not a 404. */
export const INT4_MAX = 2_147_483_647;

/**
 * Path ids of tokens, API keys and subscriptions are positive integers up to the column's range
 * (`bigserial` by default); anything else cannot exist, so it is a 404.
 */
export function parseIntegerId(value: unknown, what: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== "string" || !/^[1-9]\d{0,15}$/.test(value)) throw notFound(what);
  const id = Number(value);
  if (id > max) throw notFound(what);
  return id;
}
