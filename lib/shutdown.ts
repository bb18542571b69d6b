/**
 * The drain signal of a graceful shutdown. scripts/start.mjs aborts it on SIGTERM (it shares this
 * process with Next, hence the controller on globalThis under a registered symbol): long polls and
 * event streams end early with a retry hint, and /api/ready answers 503 so a load balancer stops
 * sending new requests while the in-flight ones finish.
 */
const globalKey = Symbol.for("onramp.shutdown");
const g = globalThis as typeof globalThis & { [globalKey]?: AbortController };

function controller(): AbortController {
  g[globalKey] ??= new AbortController();
  return g[globalKey];
}

export function shutdownSignal(): AbortSignal {
  return controller().signal;
}

export function isShuttingDown(): boolean {
  return controller().signal.aborted;
}

/** Starts draining (scripts/start.mjs does the same through the symbol; tests call this). */
export function beginShutdown(): void {
  controller().abort();
}

/** Tests only: a fresh, undrained signal. */
export function resetShutdown(): void {
  g[globalKey] = new AbortController();
}
