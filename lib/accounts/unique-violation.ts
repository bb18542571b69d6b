/**
 * The constraint a unique violation (SQLSTATE 23505) hit, or null for any other error. Drizzle wraps
 * driver errors, so the cause chain is walked; pg and PGlite both expose `code` and `constraint`.
 */
export function uniqueViolation(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const { code, constraint, cause } = e as { code?: unknown; constraint?: unknown; cause?: unknown };
    if (code === "23505") return typeof constraint === "string" ? constraint : "";
    e = cause;
  }
  return null;
}
