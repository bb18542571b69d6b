import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { INT4_MAX } from "@/lib/auth/integer-id";
import { issueAccessToken } from "@/lib/auth/issue-access-token";
import { getDb } from "@/lib/db/client";
import { idempotencyRecords, users } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { onboardAgent, type TestAgent } from "@/tests/helpers/agent";
import { useFreshDatabase } from "@/tests/helpers/database";
import { call } from "@/tests/helpers/http";
import { type Authenticator, apiKey, bearer, localClient, none, session, signedBody } from "./authenticate";
import { door, runDoor } from "./door";
import { fromAction } from "./door-request";
import { action } from "./outputs/action";
import { envelope } from "./outputs/envelope";
import { html } from "./outputs/html";
import { modelslab } from "./outputs/modelslab";
import { noContent } from "./outputs/no-content";
import { raw } from "./outputs/raw";
import { integerId } from "./params";
import { resetRateLimiters } from "./rate-limit";
import { file, page, reply } from "./replies";

// One request a minute on the billing bucket: the second one from an address is limited.
process.env.RATE_LIMIT_BILLING_PER_MINUTE = "1";

interface Caller {
  userId: string;
  accountId: string;
}

/** A credential in `x-who`, resolved from a table, recording what the core asked of it. */
function stubAuth(
  refuseAt: Authenticator<Caller>["refuseAt"],
  calls: string[] = [],
): Authenticator<Caller, string> {
  return {
    kind: "stub",
    refuseAt,
    claim: (request) => request.headers.get("x-who"),
    resolve: async (who) => {
      calls.push(`resolve ${who}`);
      return who.startsWith("user") ? { userId: who, accountId: `acct-${who}` } : null;
    },
    refusal: (who) => new AppError("unauthenticated", who ? "Unknown caller." : "Say who you are."),
    limitKey: (_who, caller) => caller?.userId ?? null,
    authorize: (caller) => {
      if (caller.userId === "user-narrow") throw new AppError("insufficient_scope", "Not for you.");
    },
    accountId: (caller) => caller.accountId,
  };
}

let ipCounter = 0;
const freshIp = () => `10.77.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

describe("door core", () => {
  let cleanup: () => Promise<void>;
  let agent: TestAgent;
  before(async () => {
    resetEnvCache();
    resetRateLimiters();
    cleanup = await useFreshDatabase("pglite");
    agent = await onboardAgent();
  });
  after(async () => {
    delete process.env.RATE_LIMIT_BILLING_PER_MINUTE;
    resetEnvCache();
    resetRateLimiters();
    await cleanup();
  });

  describe("stage order", () => {
    test("a rate-limited request never reaches Idempotency-Key or the handler", async () => {
      let ran = 0;
      const route = door(
        {
          auth: stubAuth("after-card-guard"),
          limit: { limiter: "billing" },
          idempotent: true,
          output: envelope(),
        },
        () => ({ run: ++ran }),
      );
      const ip = freshIp();
      const key = randomUUID();
      const send = (idempotencyKey: string) =>
        call(route, "/x", {
          method: "POST",
          body: {},
          ip,
          headers: { "x-who": "user-1", "idempotency-key": idempotencyKey },
        });

      const first = await send(key);
      assert.equal(first.status, 200);
      assert.deepEqual(first.json.data, { run: 1 });
      // Same key again: a replay would be a 200; the limit answers first.
      const again = await send(key);
      assert.equal(again.status, 429);
      assert.equal(again.headers.get("idempotent-replayed"), null);
      // A new key is not even recorded.
      const fresh = randomUUID();
      assert.equal((await send(fresh)).status, 429);
      const db = await getDb();
      const rows = await db
        .select()
        .from(idempotencyRecords)
        .where(and(eq(idempotencyRecords.scope, "acct-user-1"), eq(idempotencyRecords.key, fresh)));
      assert.deepEqual(rows, []);
      assert.equal(ran, 1);
    });

    test("refused at once: no rate-limit budget spent, no X-RateLimit headers", async () => {
      const calls: string[] = [];
      const route = door(
        { auth: stubAuth("at-once", calls), limit: { limiter: "billing" }, output: envelope() },
        () => ({
          ok: true,
        }),
      );
      const ip = freshIp();
      for (let i = 0; i < 3; i++) {
        const refused = await call(route, "/x", { ip, headers: { "x-who": "nobody" } });
        assert.equal(refused.status, 401);
        assert.equal(refused.headers.get("x-ratelimit-limit"), null);
      }
      // The one request of the minute is still there for a real caller from that address.
      const ok = await call(route, "/x", { ip, headers: { "x-who": "user-2" } });
      assert.equal(ok.status, 200);
      assert.equal(ok.headers.get("x-ratelimit-remaining"), "0");
    });

    test("refused after the card guard: card data is a 400 before the 401, and the refusal is limited on the general bucket", async () => {
      const route = door(
        {
          auth: stubAuth("after-card-guard"),
          limit: { limiter: "billing" },
          cardGuard: CARDS,
          output: envelope(),
        },
        () => ({ ok: true }),
      );
      const ip = freshIp();
      const card = await call(route, "/x", { method: "POST", ip, body: { note: "4242 4242 4242 4242" } });
      assert.equal(card.status, 400);
      assert.equal(card.json.error.code, "raw_card_data_rejected");
      const refused = await call(route, "/x", { method: "POST", ip, body: {} });
      assert.equal(refused.status, 401);
      // Counted on general (120 a minute), not on the route's billing bucket (1).
      assert.equal(refused.headers.get("x-ratelimit-limit"), "120");
      assert.equal(
        (await call(route, "/x", { method: "POST", ip, body: {}, headers: { "x-who": "user-3" } })).status,
        200,
      );
    });

    test("resolved after the JSON check: malformed JSON is a 400 before any 401, and no credential means no lookup", async () => {
      const calls: string[] = [];
      const route = door({ auth: stubAuth("after-json", calls), output: envelope() }, () => ({ ok: true }));
      const malformed = await call(route, "/x", {
        method: "POST",
        rawBody: "{",
        headers: { "content-type": "application/json", "x-who": "nobody" },
      });
      assert.equal(malformed.status, 400);
      assert.equal(malformed.json.error.code, "invalid_json");
      const missing = await call(route, "/x", { method: "POST", body: {} });
      assert.equal(missing.status, 401);
      assert.equal(missing.json.error.message, "Say who you are.");
      assert.deepEqual(calls, []);
    });

    test("scope, then control characters, then zod body, query and params", async () => {
      const route = door(
        {
          auth: stubAuth("after-card-guard"),
          inputGuard: { query: true, params: true },
          body: z.object({ n: z.number() }),
          query: z.object({ q: z.string().optional() }),
          params: z.object({ id: integerId("Thing") }),
          output: envelope(),
        },
        ({ body, params }) => ({ n: body.n, id: params.id }),
      );
      const send = (who: string, body: unknown, params: Record<string, string>, query = "") =>
        call(route, `/x${query}`, { method: "POST", body, params, headers: { "x-who": who } });

      assert.equal(
        (await send("user-narrow", { n: "x\u0000" }, { id: "x" })).json.error.code,
        "insufficient_scope",
      );
      const control = await send("user-4", { n: "x\u0001" }, { id: "x" });
      assert.equal(control.status, 422);
      assert.deepEqual(Object.keys(control.json.error.details), ["n"]);
      const inQuery = await send("user-4", { n: 1 }, { id: "1" }, "?q=a%01");
      assert.equal(inQuery.status, 422);
      assert.deepEqual(Object.keys(inQuery.json.error.details), ["q"]);
      assert.equal((await send("user-4", { n: "one" }, { id: "x" })).status, 422, "the body before the path");
      const nul = await send("user-4", { n: 1 }, { id: "1\u0000" });
      assert.equal(nul.status, 404);
      assert.equal(nul.json.error.message, "Resource not found.");
      const junk = await send("user-4", { n: 1 }, { id: "01" });
      assert.equal(junk.status, 404);
      assert.equal(junk.json.error.message, "Thing not found.");
      const ok = await send("user-4", { n: 1 }, { id: "7" });
      assert.deepEqual(ok.json.data, { n: 1, id: 7 });
    });
  });

  describe("authentication plugins", () => {
    test("none(): a public door ignores any bearer token", async () => {
      const route = door({ auth: none(), output: envelope() }, ({ caller }) => ({ caller }));
      const res = await call(route, "/x", { headers: { authorization: "Bearer junk" } });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json.data, { caller: null });
    });

    test("bearer({optional}): no token or a junk one leaves the caller null; a valid one is the principal", async () => {
      const route = door({ auth: bearer({ optional: true }), output: envelope() }, ({ caller }) => ({
        user: caller?.userId ?? null,
      }));
      assert.deepEqual((await call(route, "/x")).json.data, { user: null });
      assert.deepEqual((await call(route, "/x", { headers: { authorization: "Bearer 1|junk" } })).json.data, {
        user: null,
      });
      assert.deepEqual((await call(route, "/x", { headers: agent.auth })).json.data, { user: agent.userId });
    });

    test("bearer({scope}): a token without the scope is a 403 naming it, at the scope stage (before zod)", async () => {
      const route = door(
        { auth: bearer({ scope: "wallet:read" }), body: z.object({ n: z.number() }), output: envelope() },
        ({ body }) => body,
      );
      const db = await getDb();
      const [user] = await db.select().from(users).where(eq(users.id, agent.userId));
      const narrow = (
        await issueAccessToken(db, {
          userId: agent.userId,
          accountId: user!.personalAccountId,
          name: "narrow",
          expiry: "1_month",
          scopes: ["profile:read"],
        })
      ).plaintext;
      const refused = await call(route, "/x", {
        method: "POST",
        body: {},
        headers: { authorization: `Bearer ${narrow}` },
      });
      assert.equal(refused.status, 403);
      assert.equal(refused.json.error.details.required_scope, "wallet:read");
      const invalid = await call(route, "/x", { method: "POST", body: {}, headers: agent.auth });
      assert.equal(invalid.status, 422);
      assert.deepEqual(
        (await call(route, "/x", { method: "POST", body: { n: 1 }, headers: agent.auth })).json.data,
        {
          n: 1,
        },
      );
    });

    test("apiKey(): a `key` header counts only where the door allows it", async () => {
      const bodyOnly = door({ auth: apiKey({ from: "body" }), output: modelslab() }, async ({ caller }) => ({
        account: caller.accountId,
      }));
      const either = door(
        { auth: apiKey({ from: "body-or-header" }), output: modelslab() },
        async ({ caller }) => ({
          account: caller.accountId,
        }),
      );
      const viaHeader = { method: "POST", body: {}, headers: { key: agent.apiKey } };
      const refused = await call(bodyOnly, "/x", viaHeader);
      assert.equal(refused.status, 401);
      assert.equal(refused.json.message, 'API key required: send it as "key" in the JSON body.');
      assert.equal((await call(either, "/x", viaHeader)).status, 200);
      assert.equal((await call(bodyOnly, "/x", { method: "POST", body: { key: agent.apiKey } })).status, 200);
      const invalid = await call(either, "/x", { method: "POST", body: { key: "onr_ak_nope" } });
      assert.equal(invalid.json.message, "Invalid API key: it is unknown, malformed or deleted.");
    });

    test("session(): no signed session is a 401 at once; a checked one is the caller, limited per IP and user", async () => {
      let claims: { id: string } | null = null;
      const signedIn = session({
        read: async () => claims,
        resolve: async (_db, c: { id: string }) =>
          c.id === "live" ? { userId: "u-live", accountId: "a-live" } : null,
      });
      const route = door(
        { auth: signedIn, limit: { limiter: "billing" }, output: envelope() },
        ({ caller }) => ({
          user: caller.userId,
        }),
      );
      const ip = freshIp();
      const out = await call(route, "/x", { ip });
      assert.equal(out.status, 401);
      assert.equal(out.json.error.message, "Your session has ended. Sign in again.");
      claims = { id: "ended" };
      assert.equal((await call(route, "/x", { ip })).status, 401);
      claims = { id: "live" };
      const ok = await call(route, "/x", { ip });
      assert.deepEqual(ok.json.data, { user: "u-live" });
      assert.equal((await call(route, "/x", { ip })).status, 429);
    });

    test("localClient(): another machine is told the route does not exist", async () => {
      const route = door({ auth: localClient(), database: false, output: envelope() }, ({ caller }) => ({
        caller,
      }));
      assert.deepEqual((await call(route, "/dev/x", { ip: "127.0.0.1" })).json.data, { caller: true });
      const remote = await call(route, "/dev/x", { ip: "192.0.2.1" });
      assert.equal(remote.status, 404);
      assert.equal(remote.json.error.code, "route_not_found");
      assert.equal(remote.json.error.message, "No route matches GET /dev/x.");
    });

    test("signedBody(): the raw text and the signature header are verified before anything else", async () => {
      const seen: Array<[string, string | null]> = [];
      const route = door(
        {
          read: { text: 1024 },
          auth: signedBody({
            header: "x-signature",
            verify: (text, signature) => {
              seen.push([text, signature]);
              if (signature !== "good") throw new AppError("bad_request", "Bad signature.");
              return JSON.parse(text) as { n: number };
            },
          }),
          output: envelope(),
        },
        ({ caller }) => ({ n: caller.n }),
      );
      const rawBody = '{ "n" : 5 }';
      const bad = await call(route, "/hook", { method: "POST", rawBody, headers: { "x-signature": "bad" } });
      assert.equal(bad.status, 400);
      assert.equal(bad.json.error.message, "Bad signature.");
      const good = await call(route, "/hook", {
        method: "POST",
        rawBody,
        headers: { "x-signature": "good" },
      });
      assert.deepEqual(good.json.data, { n: 5 });
      assert.deepEqual(seen, [
        [rawBody, "bad"],
        [rawBody, "good"],
      ]);
      const big = await call(route, "/hook", { method: "POST", rawBody: "x".repeat(2048) });
      assert.equal(big.status, 413);
    });
  });

  describe("outputs", () => {
    test("envelope: a Reply's status, headers and meta; a FileReply sent as it is with the door's headers", async () => {
      const route = door(
        { auth: none(), limit: { limiter: "general" }, output: envelope() },
        ({ request }) =>
          request.url.searchParams.has("stream")
            ? file("event: x\n\n", { contentType: "text/event-stream" })
            : reply({ a: 1 }, 201, { "X-Extra": "1" }, { total: 3 }),
      );
      const json = await call(route, "/x");
      assert.equal(json.status, 201);
      assert.deepEqual(json.json, {
        data: { a: 1 },
        error: null,
        meta: { request_id: json.json.meta.request_id, total: 3 },
      });
      assert.equal(json.headers.get("x-extra"), "1");
      assert.equal(json.headers.get("x-request-id"), json.json.meta.request_id);
      const stream = await call(route, "/x?stream");
      assert.equal(stream.headers.get("content-type"), "text/event-stream");
      assert.equal(stream.json, "event: x\n\n");
      assert.match(stream.headers.get("x-request-id") ?? "", /^req_/);
      assert.ok(stream.headers.get("x-ratelimit-limit"));
    });

    test("envelope({serverError}): every 5xx becomes that 500, without the error's own headers", async () => {
      const route = door({ auth: none(), output: envelope({ serverError: "Try later." }) }, () => {
        throw new AppError("service_unavailable", "Down.", { headers: { "Retry-After": "5" } });
      });
      const res = await call(route, "/x", { method: "POST" });
      assert.equal(res.status, 500);
      assert.deepEqual(res.json.error, { code: "internal_error", message: "Try later.", details: {} });
      assert.equal(res.headers.get("retry-after"), null);
    });

    test("modelslab: the bare body; errors as {status: 'error', code, message}; a replay marked without meta", async () => {
      let n = 0;
      const route = door(
        {
          auth: apiKey({ from: "body" }),
          body: z.object({ key: z.string(), fail: z.boolean().optional() }),
          idempotent: true,
          output: modelslab(),
        },
        async ({ body }) => {
          if (body.fail) throw new AppError("payment_declined", "No.", { details: { a: 1 } });
          return { status: "success", n: ++n };
        },
      );
      const key = randomUUID();
      const send = (body: object) =>
        call(route, "/v6/x", {
          method: "POST",
          body: { key: agent.apiKey, ...body },
          headers: { "idempotency-key": key },
        });
      const first = await send({});
      assert.deepEqual(first.json, { status: "success", n: 1 });
      const replay = await send({});
      assert.deepEqual(replay.json, { status: "success", n: 1, idempotency_replay: true });
      assert.equal(replay.headers.get("idempotent-replayed"), "true");
      const failed = await call(route, "/v6/x", { method: "POST", body: { key: agent.apiKey, fail: true } });
      assert.equal(failed.status, 402);
      assert.deepEqual(failed.json, {
        status: "error",
        code: "payment_declined",
        message: "No.",
        details: { a: 1 },
      });
    });

    test("raw: a file door renders its errors in its own shape (the envelope, or the door's function)", async () => {
      const pdf = door(
        { auth: none(), limit: { limiter: "general" }, output: raw({ stamp: true, errors: envelope() }) },
        ({ request }) => {
          if (request.url.searchParams.has("missing")) throw new AppError("not_found", "Receipt not found.");
          return file(new Uint8Array([37, 80, 68, 70]), { contentType: "application/pdf" });
        },
      );
      const ok = await call(pdf, "/r");
      assert.equal(ok.headers.get("content-type"), "application/pdf");
      assert.match(ok.headers.get("x-request-id") ?? "", /^req_/);
      assert.ok(ok.headers.get("x-ratelimit-remaining"));
      const missing = await call(pdf, "/r?missing");
      assert.equal(missing.status, 404);
      assert.equal(missing.json.error.code, "not_found");
      assert.equal(missing.headers.get("x-request-id"), missing.json.meta.request_id);

      const text = door(
        {
          auth: none(),
          output: raw({
            errors: (error) => {
              if (error instanceof AppError) return file(`${error.message}\n`, { status: error.status });
              throw error;
            },
          }),
        },
        ({ request }) => {
          if (request.url.searchParams.has("boom")) throw new Error("unexpected");
          throw new AppError("not_found", "Nope.");
        },
      );
      const notFound = await call(text, "/t");
      assert.equal(notFound.status, 404);
      assert.equal(notFound.json, "Nope.\n");
      assert.equal(notFound.headers.get("x-request-id"), null);
      // Left to Next's error page.
      await assert.rejects(call(text, "/t?boom"), /unexpected/);
    });

    test("html: a Page as HTML with its security headers and the door's; anything else in the envelope", async () => {
      const route = door(
        {
          auth: none(),
          limit: { limiter: "general" },
          output: html({
            headers: { "Content-Security-Policy": "default-src 'none'" },
            otherwise: envelope(),
          }),
        },
        ({ request }) => {
          if (request.url.searchParams.has("json")) return { json: true };
          if (request.url.searchParams.has("fail")) throw new AppError("not_found", "Gone.");
          return page("<p>hi</p>", 202);
        },
      );
      const shown = await call(route, "/v");
      assert.equal(shown.status, 202);
      assert.equal(shown.json, "<p>hi</p>");
      assert.equal(shown.headers.get("content-type"), "text/html; charset=utf-8");
      assert.equal(shown.headers.get("content-security-policy"), "default-src 'none'");
      assert.equal(shown.headers.get("x-content-type-options"), "nosniff");
      assert.match(shown.headers.get("x-request-id") ?? "", /^req_/);
      assert.ok(shown.headers.get("x-ratelimit-limit"));
      assert.deepEqual((await call(route, "/v?json")).json.data, { json: true });
      assert.equal((await call(route, "/v?fail")).json.error.code, "not_found");
    });

    test("noContent: always 204, except a body over the limit (413 in the envelope)", async () => {
      const route = door({ auth: none(), read: { text: 100 }, database: false, output: noContent() }, () => {
        throw new Error("ignored");
      });
      const res = await call(route, "/r", { method: "POST", rawBody: "{}" });
      assert.equal(res.status, 204);
      const big = await call(route, "/r", { method: "POST", rawBody: "x".repeat(200) });
      assert.equal(big.status, 413);
      assert.equal(big.json.error.code, "payload_too_large");
    });

    test("action: a server action's input through the same stages, answered as ActionResult values", async () => {
      const headers = new Headers({ "x-onramp-peer": "10.9.9.9", "x-who": "user-act" });
      const run = (input: unknown, handler: () => Promise<unknown> = async () => "done") =>
        runDoor(
          fromAction(headers, input),
          {
            auth: stubAuth("at-once"),
            limit: { limiter: "general", message: (s) => `Try again in ${s} seconds.` },
            inputGuard: { root: "form" },
            output: action(),
          },
          handler,
        );
      assert.deepEqual(await run({ name: "ok" }), { ok: true, data: "done" });
      const control = await run({ name: "a\u0000b" });
      assert.equal(control.ok, false);
      assert.ok(!control.ok && control.code === "validation_error" && control.fieldErrors.name);
      const zod = await run({}, async () => z.object({ n: z.number() }).parse({}));
      assert.ok(!zod.ok && zod.code === "validation_error" && zod.fieldErrors.n);
      const unexpected = await run({}, async () => {
        throw new Error("secret sk_test_1");
      });
      assert.ok(!unexpected.ok && unexpected.code === "internal_error");
      assert.doesNotMatch(JSON.stringify(unexpected), /secret/);
      // Next's control-flow signals keep travelling.
      const signal = Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/x;307;" });
      await assert.rejects(
        run({}, async () => {
          throw signal;
        }),
        (e) => e === signal,
      );
    });
  });

  describe("database", () => {
    test("a door declared database: false never gets one", async () => {
      const route = door({ auth: none(), database: false, output: envelope() }, ({ db }) => ({
        db: db === undefined,
      }));
      assert.deepEqual((await call(route, "/x")).json.data, { db: true });
    });
  });

  test("integerId: positive integers up to the column's range; anything else is '<what> not found.'", () => {
    const id = integerId("Subscription", INT4_MAX);
    assert.equal(id.parse("7"), 7);
    assert.equal(id.parse(String(INT4_MAX)), INT4_MAX);
    for (const junk of [
      "0",
      "01",
      "-1",
      "1.5",
      "abc",
      "",
      String(INT4_MAX + 1),
      "99999999999999999",
      undefined,
    ]) {
      const parsed = id.safeParse(junk);
      assert.equal(parsed.success, false, String(junk));
      assert.equal(parsed.error?.issues[0]?.message, "Subscription not found.");
    }
    assert.equal(integerId("API key").parse("9007199254740991"), 9_007_199_254_740_991);
  });
});

const CARDS = { body: "No cards in bodies.", query: "No cards in queries.", queryFields: true };
