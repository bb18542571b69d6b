/**
 * Any thrown value → an AppError for the response. AppErrors pass through; an exhausted database
 * pool is load, not a fault (503 with Retry-After); anything else is logged with the request id and
 * answered with a generic 500 that leaks nothing.
 */
import { AppError, isAppError } from "@/lib/errors";
import { log } from "@/lib/log";

function isPoolExhausted(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e instanceof Error && depth < 5; depth++, e = e.cause) {
    if (/timeout exceeded when trying to connect|too many clients/i.test(e.message)) return true;
  }
  return false;
}

/**
 * The database went away (restart, failover, network): refused or reset connections, a server
 * shutting down or starting up (SQLSTATE 57P01–57P03), a broken connection (08xxx). Nothing was
 * committed by the failed statement, so the client may retry; the pool reconnects by itself.
 */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "57P01",
  "57P02",
  "57P03",
]);
function isDatabaseUnavailable(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e instanceof Error && depth < 5; depth++, e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || code.startsWith("08"))) return true;
    // "not queryable": pg's answer on a client whose connection broke mid-transaction (the ROLLBACK
    // that follows a cut fails with it, wrapped by drizzle as "Failed query: rollback").
    if (
      /Connection terminated|connection (is )?(closed|lost)|terminating connection|not queryable/i.test(
        e.message,
      )
    )
      return true;
  }
  return false;
}

export function toAppError(error: unknown, requestId: string): AppError {
  if (isAppError(error)) return error;
  if (isDatabaseUnavailable(error)) {
    log().warn({ request_id: requestId, err: String(error) }, "database unavailable");
    return new AppError("service_unavailable", "The database is unavailable. Retry shortly.", {
      headers: { "Retry-After": "5" },
    });
  }
  if (isPoolExhausted(error)) {
    log().warn({ request_id: requestId }, "database pool exhausted");
    return new AppError("service_unavailable", "The service is busy. Retry shortly.", {
      headers: { "Retry-After": "1" },
    });
  }
  log().error(
    {
      request_id: requestId,
      err:
        error instanceof Error
          ? { name: error.name, message: error.message, stack: error.stack }
          : String(error),
    },
    "unhandled error",
  );
  return new AppError(
    "internal_error",
    `Something went wrong on our side. Quote request id ${requestId} if it persists.`,
  );
}
