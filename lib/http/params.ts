/**
 * Path-segment schemas for a door's `params`. A segment that fails its schema names nothing, so the
 * door answers 404 with the schema's message (the core reads the first issue's message).
 */
import { z } from "zod";
import { parseIntegerId } from "@/lib/auth/integer-id";
import { isAppError } from "@/lib/errors";

/**
 * A positive integer id up to `max` (a `bigserial` by default; INT4_MAX for an `integer` column,
 * where a larger id would be a database error rather than a 404). Anything else: "<what> not found."
 */
export function integerId(what: string, max = Number.MAX_SAFE_INTEGER) {
  return z.unknown().transform((value, ctx) => {
    try {
      return parseIntegerId(value, what, max);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: isAppError(error) ? error.message : `${what} not found.` });
      return z.NEVER;
    }
  });
}
