/**
 * The emulator-only surface under `/_emulator/` (never part of Stripe's API): reset, virtual
 * clock, stats, webhook delivery log, fault rules, and the test helpers that act as a person
 * would (complete a Checkout Session, pass or fail a 3-D Secure challenge).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Engine } from "./engine";
import { parseLooseBody, readBody } from "./http/body";
import { StripeError } from "./http/errors";
import { CORS_HEADERS, PREFLIGHT_HEADERS, sendJson } from "./http/respond";
import {
  getSession,
  outcomeOf,
  type PayOutcome,
  paySession,
  sessionMeta,
} from "./resources/checkout-sessions";
import { authenticatePaymentIntent, getPaymentIntent } from "./resources/payment-intents";
import { authenticateSetupIntent, getSetupIntent } from "./resources/setup-intents";
import type { Delivery } from "./store";

type Json = Record<string, unknown>;
type HelperHandler = (
  engine: Engine,
  match: RegExpMatchArray,
  body: Json,
  url: URL,
) => unknown | Promise<unknown>;

interface HelperRoute {
  method: string;
  pattern: RegExp;
  handler: HelperHandler;
}

const routes: HelperRoute[] = [];

export function helper(method: string, pattern: RegExp, handler: HelperHandler): void {
  routes.push({ method, pattern, handler });
}

export class HelperError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
  }
}

function deliveryView(d: Delivery) {
  return {
    id: d.id,
    event: d.eventId,
    event_type: d.eventType,
    endpoint: d.endpoint,
    url: d.url,
    status: d.status,
    attempts: d.attempts.map((a) => ({
      at: new Date(a.at).toISOString(),
      status: a.status,
      error: a.error,
      duration_ms: a.durationMs,
    })),
    next_attempt_at: d.nextAttemptAt === null ? null : new Date(d.nextAttemptAt).toISOString(),
  };
}

/** Resolves a 3-D Secure challenge for either kind of intent by id. */
export function resolveChallenge(engine: Engine, id: string, success: boolean) {
  if (id.startsWith("seti_")) return authenticateSetupIntent(engine, getSetupIntent(engine, id), success);
  return authenticatePaymentIntent(engine, getPaymentIntent(engine, id), success);
}

function parseResult(body: Json): boolean {
  const r = body.result ?? body.outcome;
  if (r === "succeed" || r === "success" || r === "complete" || r === true) return true;
  if (r === "fail" || r === "failure" || r === false) return false;
  throw new HelperError(400, 'result must be "succeed" or "fail"');
}

helper("POST", /^\/_emulator\/reset$/, (engine) => {
  engine.store.reset();
  engine.clock.setOffset(0);
  engine.faults.clear();
  engine.stats.reset();
  return { reset: true };
});

helper("GET", /^\/_emulator\/clock$/, (engine) => ({
  now: engine.now(),
  iso: new Date(engine.now() * 1000).toISOString(),
  offset_seconds: engine.clock.offsetSeconds(),
}));

helper("POST", /^\/_emulator\/clock\/advance$/, (engine, _m, body) => {
  const seconds = Number(body.seconds ?? 0) + Number(body.minutes ?? 0) * 60 + Number(body.days ?? 0) * 86400;
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new HelperError(400, "seconds must be a non-negative number");
  // Advance in steps no larger than a day so renewals and retries happen in order, each at its time.
  let left = Math.floor(seconds);
  while (left > 0) {
    const step = Math.min(left, 86400);
    engine.clock.advance(step);
    left -= step;
    engine.tick();
  }
  engine.tick();
  engine.store.state.clockOffsetSeconds = engine.clock.offsetSeconds();
  engine.store.markDirty();
  return {
    now: engine.now(),
    iso: new Date(engine.now() * 1000).toISOString(),
    offset_seconds: engine.clock.offsetSeconds(),
  };
});

helper("GET", /^\/_emulator\/stats$/, (engine) => {
  const deliveries: Record<string, number> = {};
  for (const d of engine.store.state.deliveries) deliveries[d.status] = (deliveries[d.status] ?? 0) + 1;
  const eventsByType: Record<string, number> = {};
  for (const e of engine.store.all("event")) eventsByType[e.type] = (eventsByType[e.type] ?? 0) + 1;
  return {
    objects: engine.counts(),
    calls: { total: engine.stats.total, by_route: engine.stats.calls, by_status: engine.stats.statuses },
    events: { total: engine.store.count("event"), by_type: eventsByType },
    webhook_deliveries: deliveries,
    clock: { now: engine.now(), offset_seconds: engine.clock.offsetSeconds() },
    uptime_seconds: Math.round((Date.now() - engine.stats.startedAt) / 1000),
  };
});

helper("GET", /^\/_emulator\/webhooks\/deliveries$/, (engine, _m, _b, url) => {
  const event = url.searchParams.get("event");
  const type = url.searchParams.get("type");
  const status = url.searchParams.get("status");
  const list = engine.store.state.deliveries.filter(
    (d) =>
      (!event || d.eventId === event) && (!type || d.eventType === type) && (!status || d.status === status),
  );
  return { object: "list", data: list.slice().reverse().map(deliveryView) };
});

helper("POST", /^\/_emulator\/webhooks\/flush$/, async (engine) => {
  engine.webhooks.flush();
  await engine.webhooks.idle();
  return { flushed: true };
});

helper("POST", /^\/_emulator\/events\/(evt_\w+)\/resend$/, (engine, m) => {
  const event = engine.store.get("event", m[1] ?? "");
  if (!event) throw new HelperError(404, `No such event: '${m[1]}'`);
  return { event: event.id, endpoints: engine.webhooks.resend(event) };
});

helper("GET", /^\/_emulator\/faults$/, (engine) => ({ object: "list", data: engine.faults.list() }));
helper("POST", /^\/_emulator\/faults$/, (engine, _m, body) => engine.faults.add(body));
helper("DELETE", /^\/_emulator\/faults$/, (engine) => {
  engine.faults.clear();
  return { cleared: true };
});
helper("DELETE", /^\/_emulator\/faults\/(fault_\w+)$/, (engine, m) => ({
  id: m[1],
  deleted: engine.faults.remove(m[1] ?? ""),
}));

helper("POST", /^\/_emulator\/(payment_intents|setup_intents)\/([\w]+)\/authenticate$/, (engine, m, body) => {
  const intent = resolveChallenge(engine, m[2] ?? "", parseResult(body));
  engine.store.markDirty();
  return engine.render(intent);
});

/** Used by the 3-D Secure page inside the Stripe.js stand-in: needs the intent's client secret. */
helper("POST", /^\/_emulator\/3ds\/([\w]+)\/(complete|fail)$/, (engine, m, body) => {
  const id = m[1] ?? "";
  const intent = id.startsWith("seti_") ? getSetupIntent(engine, id) : getPaymentIntent(engine, id);
  if (body.client_secret !== intent.client_secret) throw new HelperError(403, "client_secret does not match");
  resolveChallenge(engine, id, m[2] === "complete");
  engine.store.markDirty();
  return { id, status: intent.status };
});

/**
 * Completes a Checkout Session as a person on the hosted page would: `{card}` is a test card
 * number (or pm_card_… id); optional email, name, postal_code, country, and `three_d_secure`
 * ("succeed" | "fail") to answer a challenge in the same call. Answers `{redirect_url}`.
 */
helper("POST", /^\/_emulator\/checkout\/sessions\/(cs_test_[A-Za-z0-9]+)\/complete$/, (engine, m, body) => {
  const session = getSession(engine, m[1] ?? "");
  const card = String(body.card ?? body.number ?? "4242424242424242").replace(/[\s-]/g, "");
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
  let outcome: PayOutcome = paySession(engine, session, {
    card,
    ...(body.exp_month ? { expMonth: Number(body.exp_month) } : {}),
    ...(body.exp_year ? { expYear: Number(body.exp_year) } : {}),
    ...(str(body.cvc) ? { cvc: String(body.cvc) } : {}),
    email: str(body.email) ?? sessionMeta(engine, session.id).emailPrefill ?? "jenny.rosen@example.com",
    name: str(body.name) ?? "Jenny Rosen",
    postalCode: str(body.postal_code) ?? "94103",
    country: str(body.country) ?? "US",
  });
  const answer = body.three_d_secure ?? body.authenticate;
  if (outcome.kind === "requires_action" && (answer === "succeed" || answer === "fail")) {
    const meta = sessionMeta(engine, session.id);
    const pending = [meta.paymentIntentId, meta.setupIntentId].find((id) => {
      if (!id) return false;
      const intent = id.startsWith("seti_")
        ? engine.store.get("setup_intent", id)
        : engine.store.get("payment_intent", id);
      return intent?.status === "requires_action";
    });
    const intentId = pending ?? "";
    resolveChallenge(engine, intentId, answer === "succeed");
    outcome = outcomeOf(engine, session);
  }
  engine.store.markDirty();
  if (outcome.kind === "declined") {
    throw new HelperError(outcome.error.status, outcome.error.message, {
      ...outcome.error.toBody("req_emulator_helper"),
      session: engine.render(session),
    });
  }
  if (outcome.kind === "requires_action") {
    return { requires_action: true, redirect_url: outcome.challengeUrl, session: engine.render(session) };
  }
  return {
    redirect_url: outcome.redirectUrl,
    session: engine.render(session),
  };
});

helper("GET", /^\/_emulator\/?$/, (engine) => ({
  emulator: "Onramp Stripe test-mode emulator",
  api_version: engine.config.apiVersion.raw,
  public_url: engine.config.publicUrl,
  endpoints: [
    "POST /_emulator/reset",
    "GET  /_emulator/clock",
    "POST /_emulator/clock/advance {seconds}",
    "GET  /_emulator/stats",
    "GET  /_emulator/webhooks/deliveries",
    "POST /_emulator/webhooks/flush",
    "POST /_emulator/events/{id}/resend",
    "GET|POST|DELETE /_emulator/faults",
    "POST /_emulator/checkout/sessions/{id}/complete {card}",
    "POST /_emulator/payment_intents/{id}/authenticate {result}",
    "POST /_emulator/setup_intents/{id}/authenticate {result}",
    "POST /_emulator/charges/{ch_ or pi_}/dispute {reason?, amount?, inquiry?}",
    "POST /_emulator/disputes/{id}/close {outcome}",
    "POST /_emulator/refunds/{id}/succeed|fail|cancel",
  ],
}));

export async function handleHelperRequest(
  engine: Engine,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  if (method === "OPTIONS") {
    res.writeHead(204, PREFLIGHT_HEADERS);
    res.end();
    return;
  }
  const route = routes.find((r) => r.method === method && r.pattern.test(url.pathname));
  if (!route) {
    sendJson(
      res,
      404,
      { error: { message: `No emulator helper at ${method} ${url.pathname}` } },
      CORS_HEADERS,
    );
    return;
  }
  try {
    const text = method === "GET" ? "" : await readBody(req);
    const body = parseLooseBody(text, req.headers["content-type"]);
    engine.tick();
    const match = url.pathname.match(route.pattern) as RegExpMatchArray;
    const result = await engine.withScope(null, () => route.handler(engine, match, body, url));
    sendJson(res, 200, result, CORS_HEADERS);
  } catch (error) {
    if (error instanceof HelperError) {
      sendJson(res, error.status, error.body ?? { error: { message: error.message } }, CORS_HEADERS);
    } else if (error instanceof StripeError) {
      sendJson(
        res,
        error.status,
        error.toBody("req_emulator_helper", (v) => engine.render(v)),
        CORS_HEADERS,
      );
    } else if (error instanceof SyntaxError) {
      sendJson(res, 400, { error: { message: `Invalid JSON body: ${error.message}` } }, CORS_HEADERS);
    } else {
      engine.log(`helper ${method} ${url.pathname} failed: ${(error as Error).stack ?? String(error)}`);
      sendJson(res, 500, { error: { message: (error as Error).message } }, CORS_HEADERS);
    }
  }
}
