/**
 * The agents API's output: `{data, error, meta: {request_id}}` on every answer, errors included,
 * with `X-Request-Id` and the `X-RateLimit-*` headers. A `FileReply` (an event stream) is sent as
 * it is, with the same headers.
 */
import { errorBody, jsonResponse } from "../envelope";
import type { Output } from "../output";
import { wireDetails } from "../present/errors";
import { Reply } from "../replies";
import { toAppError } from "../unexpected-error";
import { fileResponse, isFileReply } from "./raw";

const asReply = (result: unknown) => (result instanceof Reply ? result : new Reply(result));

function withoutMeta(body: Record<string, unknown>): Record<string, unknown> {
  const { meta: _meta, ...rest } = body;
  return rest;
}

export function envelope(
  options: {
    /** Every 5xx becomes this 500 internal_error (the Stripe webhook: "it will be retried"). */
    serverError?: string;
  } = {},
): Output<unknown, Response> {
  return {
    render(result, frame) {
      if (isFileReply(result)) return fileResponse(result, frame.headers);
      const out = asReply(result);
      const body = {
        ...out.root,
        data: out.data,
        error: null,
        meta: { request_id: frame.requestId, ...out.meta },
      };
      return jsonResponse(out.status, body, { ...frame.headers, ...out.headers });
    },
    fail(error, frame) {
      const app = toAppError(error, frame.requestId);
      if (options.serverError && app.status >= 500) {
        const body = errorBody("internal_error", options.serverError, undefined, frame.requestId);
        return { wire: jsonResponse(500, body, frame.headers), code: "internal_error" };
      }
      const body = errorBody(app.code, app.message, wireDetails(app), frame.requestId);
      return { wire: jsonResponse(app.status, body, { ...frame.headers, ...app.headers }), code: app.code };
    },
    status: (response) => response.status,
    idempotency: {
      store(result) {
        const out = asReply(result);
        return { status: out.status, body: { data: out.data, error: null } };
      },
      storeError: (app, frame) =>
        withoutMeta(errorBody(app.code, app.message, wireDetails(app), frame.requestId)),
      replay: (status, body, frame) =>
        jsonResponse(
          status,
          { ...body, idempotency_replay: true, meta: { request_id: frame.requestId } },
          { ...frame.headers, "Idempotent-Replayed": "true" },
        ),
    },
  };
}
