/**
 * Fire-and-forget receivers (browsers' CSP reports, which are never retried): always 204, except a
 * body over the door's size limit, refused with 413 in the envelope before it is buffered.
 */
import { isAppError } from "@/lib/errors";
import { errorBody, jsonResponse } from "../envelope";
import type { Output } from "../output";

export function noContent(): Output<unknown, Response> {
  return {
    render: () => new Response(null, { status: 204 }),
    fail(error, frame) {
      if (isAppError(error) && error.code === "payload_too_large") {
        const body = errorBody(error.code, error.message, error.details, frame.requestId);
        return { wire: jsonResponse(413, body, frame.headers), code: error.code };
      }
      return { wire: new Response(null, { status: 204 }), code: isAppError(error) ? error.code : undefined };
    },
    status: (response) => response.status,
  };
}
