/**
 * An output plugin of the door core: how a handler's typed result, or anything thrown on the way,
 * reaches the caller (a `Response` for route handlers, an `ActionResult` for server actions).
 */
import type { AppError } from "@/lib/errors";
import type { DoorRequest } from "./door-request";

export interface Frame {
  requestId: string;
  /** `X-Request-Id` and the `X-RateLimit-*` headers gathered so far; each output decides whether to send them. */
  headers: Record<string, string>;
  request: DoorRequest;
}

export interface Failure<W> {
  wire: W;
  /** The error code the request log records. */
  code?: string;
}

export interface Output<R, W> {
  render(result: R, frame: Frame): W;
  /** Anything thrown by a stage or the handler. May rethrow (Next's redirect signals, a door's 500 page). */
  fail(error: unknown, frame: Frame): Failure<W>;
  /** The status the request log records. */
  status(wire: W): number | undefined;
  /** Outputs that can replay a stored answer support Idempotency-Key. */
  idempotency?: {
    store(result: R, frame: Frame): { status: number; body: Record<string, unknown> };
    storeError(error: AppError, frame: Frame): Record<string, unknown>;
    replay(status: number, body: Record<string, unknown>, frame: Frame): W;
  };
}
