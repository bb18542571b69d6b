/**
 * The generation API's output, in ModelsLab's shapes: the handler's object as the bare body (200),
 * and errors as `{status: "error", code, message, details}` with a non-2xx status — never a 2xx
 * carrying an error.
 */
import { jsonResponse } from "../envelope";
import type { Output } from "../output";
import { wireDetails } from "../present/errors";
import { toAppError } from "../unexpected-error";

/** `details` is always there (`{}` when empty), as in the agents envelope: one rule for every client. */
export function modelslabErrorBody(code: string, message: string, details?: Record<string, unknown>) {
  return { status: "error", code, message, details: details ?? {} };
}

export function modelslab(): Output<Record<string, unknown>, Response> {
  return {
    render: (result, frame) => jsonResponse(200, result, frame.headers),
    fail(error, frame) {
      const app = toAppError(error, frame.requestId);
      const body = modelslabErrorBody(app.code, app.message, wireDetails(app));
      return { wire: jsonResponse(app.status, body, { ...frame.headers, ...app.headers }), code: app.code };
    },
    status: (response) => response.status,
    idempotency: {
      store: (result) => ({ status: 200, body: result }),
      storeError: (app) => modelslabErrorBody(app.code, app.message, wireDetails(app)),
      replay: (status, body, frame) =>
        jsonResponse(
          status,
          { ...body, idempotency_replay: true },
          { ...frame.headers, "Idempotent-Replayed": "true" },
        ),
    },
  };
}
