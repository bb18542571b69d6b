import type { ServerResponse } from "node:http";

export const CORS_HEADERS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-credentials": "true",
  "access-control-allow-methods": "GET, HEAD, PUT, PATCH, POST, DELETE",
  "access-control-expose-headers":
    "Request-Id, Stripe-Manage-Version, Stripe-Should-Retry, X-Stripe-External-Auth-Required, X-Stripe-Privileged-Session-Required, Idempotent-Replayed, Original-Request, Stripe-Version",
  "access-control-max-age": "300",
};

export const PREFLIGHT_HEADERS: Record<string, string> = {
  ...CORS_HEADERS,
  "access-control-allow-headers":
    "Authorization, Content-Type, Stripe-Version, Idempotency-Key, Stripe-Account, Stripe-Context, X-Stripe-Client-User-Agent, User-Agent",
};

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === "string" ? body : JSON.stringify(body, null, 2);
  res.writeHead(status, {
    "content-type": "application/json",
    "cache-control": "no-cache, no-store",
    ...CORS_HEADERS,
    ...headers,
    "content-length": String(Buffer.byteLength(text)),
  });
  res.end(text);
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    ...headers,
    "content-length": String(Buffer.byteLength(html)),
  });
  res.end(html);
}

export function sendText(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "content-type": contentType,
    ...headers,
    "content-length": String(typeof body === "string" ? Buffer.byteLength(body) : body.byteLength),
  });
  res.end(body);
}

export function redirect(res: ServerResponse, location: string, status = 303): void {
  res.writeHead(status, { location, "cache-control": "no-store", "content-length": "0" });
  res.end();
}
