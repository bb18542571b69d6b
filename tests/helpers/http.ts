/**
 * Calls a route handler the way Next behind scripts/start.mjs does, with a real Request stamped with
 * the peer address and the process's peer secret, and decodes the answer.
 */
import { env } from "@/lib/env";
import { PEER_HEADER, PEER_SECRET_HEADER } from "@/lib/http/client-ip";
import { assertConformsToDocument } from "./contract";

type Handler = (
  request: Request,
  context: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>;

export interface CallOptions {
  method?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  params?: Record<string, string | string[]>;
  ip?: string;
}

export interface CallResult<T = any> {
  status: number;
  headers: Headers;
  json: T;
}

/** The handler's Response itself (for bytes: images, PDFs). */
export async function respond(handler: Handler, path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {
    [PEER_HEADER]: options.ip ?? "127.0.0.1",
    [PEER_SECRET_HEADER]: env().peerSecret ?? "",
    ...options.headers,
  };
  let body: string | undefined = options.rawBody;
  if (body === undefined && options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const request = new Request(`http://127.0.0.1:3999${path}`, {
    method: options.method ?? "GET",
    headers,
    body,
  });
  return handler(request, { params: Promise.resolve(options.params ?? {}) });
}

export async function call<T = any>(
  handler: Handler,
  path: string,
  options: CallOptions = {},
): Promise<CallResult<T>> {
  const response = await respond(handler, path, options);
  const text = await response.text();
  let json: T;
  try {
    json = JSON.parse(text) as T;
  } catch {
    json = text as T;
  }
  if (response.headers.get("content-type")?.includes("application/json")) {
    assertConformsToDocument(options.method ?? "GET", path, response.status, json);
  }
  return { status: response.status, headers: response.headers, json };
}
