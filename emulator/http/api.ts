/**
 * The `/v1` request pipeline, in Stripe's order: faults (test knobs), parameters, API key,
 * version, route, publishable-key policy, unknown-parameter check, idempotency, execution,
 * rendering for the caller's version and key, `expand[]`, response headers.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Engine } from "../engine";
import { newId } from "../ids";
import type { Audience } from "../render";
import type { IdempotencyRecord } from "../store";
import { type ApiVersion, parseApiVersion } from "../versions";
import { authenticate, secretKeyRequired } from "./auth";
import { invalidRequest, StripeError } from "./errors";
import { applyExpand } from "./expand";
import { canonicalForm, type FormObject, parseForm } from "./form-encoding";
import { Params } from "./params";
import { sendJson } from "./respond";
import type { Router } from "./router";

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Stripe keeps idempotent results for at least 24 hours of real time; older ones are dropped. Not
 * the virtual clock: a test that advances it a day and retries (or restarts and retries) must get
 * the saved result, as with Stripe's test clocks; on the virtual clock's whole seconds the answer
 * also depended on whether a wall-clock second ticked between the two requests.
 */
function expired(engine: Engine, record: IdempotencyRecord): boolean {
  return engine.clock.realNowMs() - record.createdAtMs > IDEMPOTENCY_TTL_MS;
}

export function pruneIdempotency(engine: Engine): void {
  const records = engine.store.state.idempotency;
  for (const [key, record] of Object.entries(records)) {
    if (expired(engine, record) && !record.inFlight) delete records[key];
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export async function handleApiRequest(
  engine: Engine,
  router: Router,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: string,
): Promise<void> {
  const requestId = newId("req_", 14);
  const method = (req.method ?? "GET").toUpperCase();
  let version: ApiVersion = engine.config.apiVersion;
  let audience: Audience = "secret";
  let routeKey = `${method} (unmatched)`;
  const baseHeaders = (): Record<string, string> => ({
    "request-id": requestId,
    "stripe-version": version.raw,
  });
  const renderFor = (value: unknown) => engine.render(value, version, audience);
  const fail = (error: StripeError, extraHeaders: Record<string, string> = {}) => {
    engine.stats.record(routeKey, error.status);
    sendJson(res, error.status, error.toBody(requestId, renderFor), {
      ...baseHeaders(),
      ...error.headers,
      ...extraHeaders,
    });
  };

  try {
    const faults = engine.faults.takeApi(method, url.pathname);
    const latency = faults.filter((f) => f.action === "latency").reduce((sum, f) => sum + f.ms, 0);
    const errorFault = faults.find((f) => f.action === "error");
    const timeoutFault = faults.find((f) => f.action === "timeout");
    if (timeoutFault && !timeoutFault.execute) {
      // The request never reaches the API: hold the socket, then drop it without an answer.
      engine.stats.record(`${method} ${url.pathname} (fault: timeout)`, 0);
      await sleep(timeoutFault.ms);
      res.destroy();
      return;
    }
    if (errorFault) {
      await sleep(latency);
      const status = errorFault.status;
      const error =
        status === 429
          ? new StripeError({
              status,
              type: "rate_limit_error",
              code: "rate_limit",
              message:
                "Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.",
            })
          : new StripeError({
              status,
              type: status >= 500 ? "api_error" : "invalid_request_error",
              message:
                status >= 500
                  ? "An unknown error occurred (injected by the emulator's fault rules)."
                  : "Request failed (injected by the emulator's fault rules).",
            });
      const retryHeader: Record<string, string> =
        errorFault.shouldRetry === null ? {} : { "stripe-should-retry": String(errorFault.shouldRetry) };
      routeKey = `${method} ${url.pathname} (fault: ${status})`;
      fail(error, retryHeader);
      return;
    }

    const raw: FormObject = parseForm(url.search);
    if (method === "POST" && body) Object.assign(raw, parseForm(body));
    const keyParam = typeof raw.key === "string" ? raw.key : undefined;
    delete raw.key;
    const auth = authenticate(req.headers, keyParam);
    audience = auth.kind;

    const versionHeader = header(req, "stripe-version");
    if (versionHeader !== undefined && versionHeader.trim() !== "") {
      const parsed = parseApiVersion(versionHeader);
      if (!parsed) throw invalidRequest(`Invalid Stripe API version: ${versionHeader}`);
      version = parsed;
    }

    const match = router.match(method, url.pathname);
    if (!match) {
      throw invalidRequest(
        `Unrecognized request URL (${method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        { status: 404 },
      );
    }
    const { route, pathParams } = match;
    routeKey = `${method} ${route.pattern}`;
    if (auth.kind === "publishable" && !route.publishable) throw secretKeyRequired();

    const params = new Params(raw);
    if (engine.config.strictParams && route.params) {
      params.allowOnly([
        ...route.params,
        "expand",
        ...(route.publishable === "client_secret" ? ["client_secret"] : []),
      ]);
    }
    const expand = params.strings("expand") ?? [];

    const idempotencyKey = method === "POST" ? (header(req, "idempotency-key") ?? null) : null;
    const headers: Record<string, string> = {};
    let recordKey: string | null = null;
    if (idempotencyKey !== null) {
      if (idempotencyKey.length > 255) {
        throw invalidRequest("Invalid idempotency key: must be at most 255 characters long.", {
          param: "Idempotency-Key",
        });
      }
      headers["idempotency-key"] = idempotencyKey;
      recordKey = `${auth.key}:${idempotencyKey}`;
      const store = engine.store.state.idempotency;
      const existing = store[recordKey];
      // A digest, not the params: card numbers sent with a publishable key must not be kept.
      const fingerprint = createHash("sha256").update(canonicalForm(raw)).digest("hex");
      if (existing && expired(engine, existing)) delete store[recordKey];
      const record = store[recordKey];
      if (record) {
        if (record.method !== method || record.path !== url.pathname || record.params !== fingerprint) {
          throw new StripeError({
            status: 400,
            type: "idempotency_error",
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          });
        }
        if (record.inFlight) {
          throw new StripeError({
            status: 409,
            type: "invalid_request_error",
            code: "idempotency_key_in_use",
            message:
              "There is currently another in-progress request using this Idempotency-Key. Please try again later.",
            headers: { "stripe-should-retry": "true" },
          });
        }
        engine.stats.record(routeKey, record.status);
        if (timeoutFault?.execute) {
          // A lost reply applies to replays too, so a client can exhaust its retries.
          await sleep(timeoutFault.ms);
          res.destroy();
          return;
        }
        sendJson(res, record.status, record.body, {
          ...baseHeaders(),
          ...headers,
          "idempotent-replayed": "true",
          "original-request": record.requestId,
        });
        return;
      }
      store[recordKey] = {
        method,
        path: url.pathname,
        params: fingerprint,
        status: 0,
        body: "",
        requestId,
        createdAtMs: engine.clock.realNowMs(),
        inFlight: true,
      };
      headers["original-request"] = requestId;
    }

    let status = 200;
    let text: string;
    try {
      if (latency > 0) await sleep(latency);
      engine.tick();
      const scope = { id: requestId, idempotencyKey, version, audience };
      const result = engine.withScope(scope, () =>
        route.handler({
          engine,
          method,
          path: url.pathname,
          pathParams,
          params,
          auth,
          version,
          requestId,
          idempotencyKey,
        }),
      );
      const rendered = renderFor(result);
      if (expand.length > 0) {
        applyExpand(rendered, expand, {
          byId: (id) => {
            const found = engine.store.find(id);
            if (!found) return undefined;
            if (engine.store.state.deleted[id]) return { id, object: found.kind, deleted: true };
            return renderFor(found.object);
          },
          include: (owner, field) => {
            const fn = engine.includables.get(`${String(owner.object)}.${field}`);
            return fn ? renderFor(fn(owner)) : undefined;
          },
        });
      }
      text = JSON.stringify(rendered, null, 2);
    } catch (error) {
      if (!(error instanceof StripeError)) {
        if (recordKey) delete engine.store.state.idempotency[recordKey];
        throw error;
      }
      status = error.status;
      text = JSON.stringify(error.toBody(requestId, renderFor), null, 2);
      Object.assign(headers, error.headers);
      if (recordKey && !error.saveForIdempotency) {
        delete engine.store.state.idempotency[recordKey];
        recordKey = null;
      }
    }
    if (recordKey) {
      const record = engine.store.state.idempotency[recordKey];
      if (record) Object.assign(record, { status, body: text, inFlight: false });
    }
    if (method !== "GET") engine.store.markDirty();
    engine.stats.record(routeKey, status);
    if (timeoutFault?.execute) {
      // The request ran (and its idempotent result was saved); the reply is lost on the way back.
      await sleep(timeoutFault.ms);
      res.destroy();
      return;
    }
    sendJson(res, status, text, { ...baseHeaders(), ...headers });
  } catch (error) {
    if (error instanceof StripeError) {
      fail(error);
      return;
    }
    engine.log(`internal error on ${method} ${url.pathname}: ${(error as Error).stack ?? String(error)}`);
    fail(
      new StripeError({
        status: 500,
        type: "api_error",
        message: "An unknown error occurred in the emulator.",
      }),
    );
  }
}
