/**
 * The local Stripe test-mode emulator: plain node:http. `startEmulator({port: 0})` in tests;
 * `scripts/emulator.ts` for `npm run emulator` / `npm start`.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { installBilling } from "./billing/install";
import { createClock } from "./clock";
import { Engine, requireVersion } from "./engine";
import { handleHelperRequest } from "./helpers";
// Registers the dispute and refund triggers with the /_emulator router.
import "./money-helpers";
import { handleApiRequest } from "./http/api";
import { BodyTooLarge, readBody } from "./http/body";
import { PREFLIGHT_HEADERS, sendHtml, sendJson } from "./http/respond";
import { Router } from "./http/router";
import { handlePageRequest } from "./pages/routes";
import { installDisputeTestCards } from "./resources/disputes";
import { registerResources } from "./resources/index";
import { Store } from "./store";
import { serveStripeJs } from "./stripe-js/serve";
import { DEFAULT_API_VERSION } from "./versions";
import { DEFAULT_RETRY, type RetryPolicy } from "./webhooks";

export interface EmulatorOptions {
  port: number;
  host?: string;
  /** Directory for persisted state; undefined keeps everything in memory. */
  dataDir?: string | undefined;
  /** The endpoint every event is delivered to (plus any created via /v1/webhook_endpoints). */
  webhook?: { url: string; secret: string } | undefined;
  /** Base URL browsers use to reach the emulator (hosted pages, Stripe.js); default from host/port. */
  publicUrl?: string | undefined;
  /** Account default API version: used when a request sends none, and for events. */
  apiVersion?: string;
  /** Reject unknown top-level params with 400 parameter_unknown (default true). */
  strictParams?: boolean;
  /** Accept raw card numbers with a secret key (Stripe refuses by default). */
  allowRawCardDataWithSecretKey?: boolean;
  webhookRetry?: Partial<RetryPolicy>;
  /** One-line log sink (default: stderr with a prefix). */
  log?: (line: string) => void;
  /** Real-time source for the virtual clock (tests may inject one). */
  now?: () => number;
  /** Debounce for state writes. */
  saveDebounceMs?: number;
}

export interface RunningEmulator {
  url: string;
  port: number;
  engine: Engine;
  close(): Promise<void>;
  /** Writes state now (normally debounced). */
  flush(): void;
  /** Waits until no webhook delivery is due or in flight. */
  webhooksIdle(): Promise<void>;
}

function displayHost(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "") return "localhost";
  return host.includes(":") ? `[${host}]` : host;
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  const log = options.log ?? ((line: string) => console.error(`[stripe-emulator] ${line}`));
  const store = new Store({ dir: options.dataDir, debounceMs: options.saveDebounceMs ?? 100, log });
  const clock = createClock(options.now ?? Date.now, store.state.clockOffsetSeconds);
  const engine = new Engine(
    store,
    clock,
    {
      publicUrl: options.publicUrl ?? "",
      apiVersion: requireVersion(options.apiVersion ?? DEFAULT_API_VERSION),
      strictParams: options.strictParams ?? true,
      allowRawCardDataWithSecretKey: options.allowRawCardDataWithSecretKey ?? false,
      webhook: options.webhook,
      retry: { ...DEFAULT_RETRY, ...options.webhookRetry },
    },
    log,
  );
  const router = new Router();
  registerResources(router, engine);
  installBilling(engine);
  installDisputeTestCards(engine);

  const sockets = new Set<import("node:net").Socket>();
  const server = http.createServer((req, res) => {
    handle(engine, router, req, res).catch((error: unknown) => {
      log(`unhandled error: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent)
        sendJson(res, 500, { error: { type: "api_error", message: "Internal emulator error" } });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${displayHost(host)}:${port}`;
  engine.config.publicUrl = (options.publicUrl ?? url).replace(/\/+$/, "");
  engine.webhooks.start();
  engine.tick();

  let closed = false;
  return {
    url,
    port,
    engine,
    flush: () => {
      store.state.clockOffsetSeconds = clock.offsetSeconds();
      store.flush();
    },
    webhooksIdle: () => engine.webhooks.idle(),
    async close() {
      if (closed) return;
      closed = true;
      await engine.webhooks.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      store.state.clockOffsetSeconds = clock.offsetSeconds();
      store.close();
    },
  };
}

async function handle(
  engine: Engine,
  router: Router,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://emulator.local");
  const method = (req.method ?? "GET").toUpperCase();
  const path = url.pathname;
  if (path.startsWith("/v1/") || path === "/v1") {
    if (method === "OPTIONS") {
      res.writeHead(204, PREFLIGHT_HEADERS);
      res.end();
      return;
    }
    let body = "";
    try {
      body = method === "GET" || method === "DELETE" ? "" : await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        sendJson(res, 413, { error: { type: "invalid_request_error", message: "Request body too large." } });
        return;
      }
      throw error;
    }
    await handleApiRequest(engine, router, req, res, url, body);
    return;
  }
  if (path.startsWith("/_emulator")) {
    await handleHelperRequest(engine, req, res, url);
    return;
  }
  if (serveStripeJs(engine, req, res, url)) return;
  if (await handlePageRequest(engine, req, res, url)) return;
  if (path === "/" && method === "GET") {
    sendHtml(
      res,
      200,
      `<!doctype html><meta charset="utf-8"><title>Stripe emulator</title><h1>Onramp Stripe test-mode emulator</h1><p>API at <code>${engine.config.publicUrl}/v1</code>, helpers at <a href="/_emulator">/_emulator</a>, Stripe.js stand-in at <a href="/v3/stripe.js">/v3/stripe.js</a>.</p>`,
    );
    return;
  }
  sendJson(res, 404, {
    error: {
      type: "invalid_request_error",
      message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    },
  });
}
