/**
 * The door core's output for MCP tool calls: a handler's result becomes a tool result whose text and
 * `structuredContent` carry `{data, meta}`, and anything thrown becomes a tool error (`isError:
 * true`) carrying the API's `{error: {code, message, details}}` — the same codes, messages and
 * details as the HTTP envelope. The status the HTTP API would have answered rides along in `meta`
 * (a 202 requires_action is a success, a 402 an error), as do the rate-limit figures the HTTP API
 * puts in headers.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Frame, Output } from "@/lib/http/output";
import { isFileReply } from "@/lib/http/outputs/raw";
import { wireDetails } from "@/lib/http/present/errors";
import { Reply } from "@/lib/http/replies";
import { toAppError } from "@/lib/http/unexpected-error";

export interface McpWire {
  result: CallToolResult;
  status: number;
}

const asReply = (result: unknown) => (result instanceof Reply ? result : new Reply(result));

/** The X-RateLimit-* and Retry-After headers, as figures in `meta`. */
function limitMeta(headers: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (headers["X-RateLimit-Limit"]) {
    out.rate_limit = {
      limit: Number(headers["X-RateLimit-Limit"]),
      remaining: Number(headers["X-RateLimit-Remaining"]),
      reset: Number(headers["X-RateLimit-Reset"]),
    };
  }
  if (headers["Retry-After"]) out.retry_after = Number(headers["Retry-After"]);
  return out;
}

function toolResult(payload: Record<string, unknown>, isError: boolean): CallToolResult {
  return {
    content: [{ type: "text", text: JSON.stringify(payload) }],
    structuredContent: payload,
    ...(isError ? { isError: true } : {}),
  };
}

function errorPayload(code: string, message: string, details: unknown) {
  return { data: null, error: { code, message, details: details ?? {} } };
}

export function mcpOutput(): Output<unknown, McpWire> {
  return {
    render(result, frame) {
      // No MCP action answers a file or a stream; a door bug, not the caller's.
      if (isFileReply(result)) throw new Error("an MCP action returned a file");
      const out = asReply(result);
      const meta = {
        request_id: frame.requestId,
        status: out.status,
        ...out.meta,
        ...limitMeta(frame.headers),
      };
      return { result: toolResult({ data: out.data, error: null, meta }, false), status: out.status };
    },
    fail(error, frame) {
      const app = toAppError(error, frame.requestId);
      const headers = { ...frame.headers, ...app.headers };
      const meta = { request_id: frame.requestId, status: app.status, ...limitMeta(headers) };
      const payload = { ...errorPayload(app.code, app.message, wireDetails(app)), meta };
      return { wire: { result: toolResult(payload, true), status: app.status }, code: app.code };
    },
    status: (wire) => wire.status,
    idempotency: {
      store(result) {
        const out = asReply(result);
        return { status: out.status, body: { data: out.data, error: null } };
      },
      storeError: (app) => errorPayload(app.code, app.message, wireDetails(app)),
      replay(status, body, frame: Frame) {
        const meta = { request_id: frame.requestId, status, ...limitMeta(frame.headers) };
        const payload = { ...body, idempotency_replay: true, meta };
        return { result: toolResult(payload, status >= 400), status };
      },
    },
  };
}
