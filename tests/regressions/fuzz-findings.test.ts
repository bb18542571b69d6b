/**
 * One focused test per 5xx the agents-API fuzz (tests/properties/agent-api-fuzz.test.ts) found,
 * so each stays fixed even if the fuzz's seed stops generating it.
 */
import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as apiKeysRoute from "@/app/api/agents/v1/api-keys/route";
import * as invoiceRoute from "@/app/api/agents/v1/billing/invoices/[id]/route";
import * as linkRoute from "@/app/api/agents/v1/billing/payment-link/[sessionId]/route";
import * as cardRoute from "@/app/api/agents/v1/billing/payment-methods/[id]/route";
import * as cardsRoute from "@/app/api/agents/v1/billing/payment-methods/route";
import * as setupIntentRoute from "@/app/api/agents/v1/billing/setup-intent/route";
import * as meRoute from "@/app/api/agents/v1/me/route";
import * as modelsRoute from "@/app/api/agents/v1/models/route";
import * as cancelRoute from "@/app/api/agents/v1/subscriptions/[id]/cancel/route";
import * as subscriptionRoute from "@/app/api/agents/v1/subscriptions/[id]/route";
import { handleSubscriptionStatus } from "@/lib/actions/plan-handlers";
import { getDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { onboardAgent, type TestAgent } from "@/tests/helpers/agent";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { text2img } from "@/tests/helpers/generation";
import { call } from "@/tests/helpers/http";
import { type TestStripe, useEmulator } from "@/tests/helpers/stripe";

const base = "/api/agents/v1";
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

for (const kind of availableDatabases()) {
  describe(`5xx found by the fuzz, on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    let stripe: TestStripe;
    let agent: TestAgent;

    before(async () => {
      resetEnvCache();
      resetRateLimiters();
      cleanup = await useFreshDatabase(kind);
      stripe = await useEmulator();
      agent = await onboardAgent();
    });
    after(async () => {
      await stripe.close();
      await cleanup();
    });

    test("POST /api-keys with a NUL in name → 422 naming the field (PostgreSQL text cannot hold NUL: was a 500)", async () => {
      const res = await call(apiKeysRoute.POST, `${base}/api-keys`, {
        method: "POST",
        body: { name: "my\u0000key" },
        headers: agent.auth,
      });
      assert.equal(res.status, 422, JSON.stringify(res.json));
      assert.equal(res.json.error.code, "validation_error");
      assert.deepEqual(res.json.error.details, { name: ["must not contain control characters"] });
      assert.equal(res.json.data, null);
    });

    test("control characters: never NUL, no line breaks in single-line fields, line breaks kept in free text", async () => {
      const key = (body: unknown) =>
        call(apiKeysRoute.POST, `${base}/api-keys`, { method: "POST", body, headers: agent.auth });
      assert.equal((await key({ name: "two\nlines" })).status, 422);
      assert.equal((await key({ name: "bell\u0007" })).status, 422);
      assert.equal((await key({ name: "ok", notes: "nul\u0000inside" })).status, 422);
      const multiline = await key({ name: "ok", notes: "first line\nsecond line\twith a tab" });
      assert.equal(multiline.status, 201, JSON.stringify(multiline.json));
      assert.equal(multiline.json.data.notes, "first line\nsecond line\twith a tab");
      // Keys too, at any depth, and the profile's free text.
      const deepKey = await key({ name: "ok", extra: { "a\u0000": 1 } });
      assert.equal(deepKey.status, 422);
      assert.deepEqual(Object.keys(deepKey.json.error.details), ["extra"]);
      const about = await call(meRoute.PATCH, `${base}/me`, {
        method: "PATCH",
        body: { about: "hi\u0000" },
        headers: agent.auth,
      });
      assert.equal(about.status, 422);
      assert.ok(about.json.error.details.about);
    });

    test("a control character in the query → 422 naming the parameter; in a path id → 404", async () => {
      const query = await call(modelsRoute.GET, `${base}/models?search=a%00b`, { headers: agent.auth });
      assert.equal(query.status, 422, JSON.stringify(query.json));
      assert.ok(query.json.error.details.search);
      for (const id of ["\u0000", "rcpt_\u0000", "in_a\u0000"]) {
        const path = await call(invoiceRoute.GET, `${base}/billing/invoices/${encodeURIComponent(id)}`, {
          headers: agent.auth,
          params: { id },
        });
        assert.equal(path.status, 404, JSON.stringify(path.json));
        assert.equal(path.json.error.code, "not_found");
      }
      const link = await call(linkRoute.GET, `${base}/billing/payment-link/cs_test_%00`, {
        headers: agent.auth,
        params: { sessionId: "cs_test_\u0000" },
      });
      assert.equal(link.status, 404, JSON.stringify(link.json));
    });

    test("a body nested 5,000 levels deep on an idempotent route → 422 (the idempotency fingerprint overflowed the stack: was a 500)", async () => {
      const res = await call(setupIntentRoute.POST, `${base}/billing/setup-intent`, {
        method: "POST",
        rawBody: nested(5_000),
        headers: { ...agent.auth, "content-type": "application/json", "idempotency-key": "deep-body-1" },
      });
      assert.equal(res.status, 422, JSON.stringify(res.json));
      assert.match(res.json.error.message, /nested more than 32 levels/);
      const shallow = await call(setupIntentRoute.POST, `${base}/billing/setup-intent`, {
        method: "POST",
        rawBody: nested(3),
        headers: { ...agent.auth, "content-type": "application/json", "idempotency-key": "deep-body-2" },
      });
      assert.ok(shallow.status < 300, JSON.stringify(shallow.json));
    });

    test("a subscription id beyond PostgreSQL integer → 404 on the API (was a 500) and a validation failure in the dashboard", async () => {
      for (const id of ["2147483648", "1074851022168"]) {
        const read = await call(subscriptionRoute.GET, `${base}/subscriptions/${id}`, {
          headers: agent.auth,
          params: { id },
        });
        assert.equal(read.status, 404, JSON.stringify(read.json));
        const cancel = await call(cancelRoute.POST, `${base}/subscriptions/${id}/cancel`, {
          method: "POST",
          body: {},
          headers: agent.auth,
          params: { id },
        });
        assert.equal(cancel.status, 404, JSON.stringify(cancel.json));
      }
      const db = await getDb();
      const human = { accountId: "00000000-0000-0000-0000-000000000000", userId: agent.userId } as never;
      await assert.rejects(
        handleSubscriptionStatus({ db, human }, { subscription_id: 2_147_483_648 }),
        (error: Error) => error.name === "ZodError",
      );
    });

    test("saving a card again after removing it → 4xx (Stripe refuses a detached PaymentMethod: was a 500)", async () => {
      const pm = await stripe.tokenize("4242424242424242");
      const save = () =>
        call(cardsRoute.POST, `${base}/billing/payment-methods`, {
          method: "POST",
          body: { payment_method_id: pm },
          headers: agent.auth,
        });
      assert.equal((await save()).status, 201);
      const removed = await call(cardRoute.DELETE, `${base}/billing/payment-methods/${pm}`, {
        method: "DELETE",
        headers: agent.auth,
        params: { id: pm },
      });
      assert.ok(removed.status < 300, JSON.stringify(removed.json));
      const again = await save();
      assert.ok(again.status >= 400 && again.status < 500, `${again.status} ${JSON.stringify(again.json)}`);
    });

    test("the generation door refuses control characters too (ModelsLab's error shape, 422)", async () => {
      const res = await text2img({ key: agent.apiKey, prompt: "a cat\u0000", model_id: "flux" });
      assert.equal(res.status, 422, JSON.stringify(res.json));
      assert.equal(res.json.status, "error");
      assert.equal(res.json.code, "validation_error");
      assert.ok(res.json.details.prompt);
    });
  });
}
