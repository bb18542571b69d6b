/**
 * What the door core reads from, whoever called: a route handler's `Request` (with Next's route
 * context) or a server action (the headers Next gives it and the input object it was called with).
 * Handlers see this, never a `Request`, so the same pipeline serves both.
 */
import { shutdownSignal } from "@/lib/shutdown";
import { type RequestBody, readBody, readTextWithin } from "./request-body";

export type RouteParams = Record<string, string | string[]>;
export type NextRouteContext = { params: Promise<RouteParams> };

export interface DoorRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  /** Aborted when the client goes away or the server drains (long polls and streams stop with it). */
  readonly signal: AbortSignal;
  /** The path's dynamic segments (none for a server action). */
  params(): Promise<RouteParams>;
  /** The body as JSON (or an HTML form) within 1 MB; an action's input as it was passed. */
  json(): Promise<RequestBody>;
  /** The body as text, refused with 413 past `maxBytes` (an action has none). */
  text(maxBytes: number): Promise<string>;
}

export function fromRequest(request: Request, context?: NextRouteContext): DoorRequest {
  return {
    method: request.method,
    url: new URL(request.url),
    headers: request.headers,
    signal: AbortSignal.any([request.signal, shutdownSignal()]),
    // Next resolves `params` to undefined on routes without dynamic segments.
    params: async () => ((context ? await context.params : undefined) ?? {}) as RouteParams,
    json: () => readBody(request),
    text: (maxBytes) => readTextWithin(request, maxBytes),
  };
}

const never = new AbortController().signal;

/** A server action's call: `name` only labels it (actions have no URL). */
export function fromAction(headers: Headers, input: unknown, name = "dashboard"): DoorRequest {
  return {
    method: "POST",
    url: new URL(`action:${name}`),
    headers,
    signal: never,
    params: async () => ({}),
    json: async () => ({ raw: "", parsed: input, jsonError: false }),
    text: async () => "",
  };
}
