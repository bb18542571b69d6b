import { notFound } from "@/lib/errors";

/** Path ids of tokens and API keys are positive integers; anything else cannot exist, so it is a 404. */
export function parseIntegerId(value: unknown, what: string): number {
  if (typeof value !== "string" || !/^[1-9]\d{0,14}$/.test(value)) throw notFound(what);
  return Number(value);
}
