/** Response bodies: `{data, error, meta: {request_id}}` on every answer, errors included. */
import type { ErrorDetails } from "@/lib/errors";

export function successBody(data: unknown, requestId: string): Record<string, unknown> {
  return { data, error: null, meta: { request_id: requestId } };
}

export function errorBody(
  code: string,
  message: string,
  details: ErrorDetails | undefined,
  requestId: string,
): Record<string, unknown> {
  return {
    data: null,
    // Always an object (`{}` when there is nothing to add): clients read `error.details.x` unguarded.
    error: { code, message, details: details ?? {} },
    meta: { request_id: requestId },
  };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}
