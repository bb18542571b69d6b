/**
 * The fields existing ModelsLab clients (the official CLI and skills) send and read, accepted
 * beside the documented names (issue 17, point 3). Each alias is checked together with the
 * documented name it stands for, so neither can silently stop working.
 */
import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { and, eq, isNull } from "drizzle-orm";
import * as apiKeyRoute from "@/app/api/agents/v1/api-keys/[id]/route";
import * as apiKeysRoute from "@/app/api/agents/v1/api-keys/route";
import * as loginRoute from "@/app/api/agents/v1/auth/login/route";
import * as invoicePdfRoute from "@/app/api/agents/v1/billing/invoices/[id]/pdf/route";
import * as invoicesRoute from "@/app/api/agents/v1/billing/invoices/route";
import * as overviewRoute from "@/app/api/agents/v1/billing/overview/route";
import * as preferencesRoute from "@/app/api/agents/v1/me/preferences/route";
import * as meRoute from "@/app/api/agents/v1/me/route";
import * as statusRoute from "@/app/api/agents/v1/subscriptions/[id]/status/route";
import * as subscriptionsRoute from "@/app/api/agents/v1/subscriptions/route";
import * as historyRoute from "@/app/api/agents/v1/usage/history/route";
import * as validateRoute from "@/app/api/agents/v1/wallet/coupons/validate/route";
import * as fundRoute from "@/app/api/agents/v1/wallet/fund/route";
import * as text2imgV6 from "@/app/api/v6/images/text2img/route";
import { resolveApiKey } from "@/lib/api-keys/resolve-api-key";
import { getDb } from "@/lib/db/client";
import { apiKeys } from "@/lib/db/schema";
import { auditEvents } from "@/lib/db/schema/platform";
import { onboardAgent, type TestAgent } from "@/tests/helpers/agent";
import { availableDatabases } from "@/tests/helpers/database";
import { text2img } from "@/tests/helpers/generation";
import { call } from "@/tests/helpers/http";
import { moneySuite } from "@/tests/helpers/money-suite";

process.env.RATE_LIMIT_BILLING_PER_MINUTE = "100000";
process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "100000";
process.env.RATE_LIMIT_AUTH_PER_MINUTE = "100000";

const API = "/api/agents/v1";
const DAY = 86_400_000;

const login = (agent: TestAgent, extra: Record<string, unknown> = {}) =>
  call(loginRoute.POST, `${API}/auth/login`, {
    method: "POST",
    body: { email: agent.email, password: "secret123", ...extra },
  });

for (const kind of availableDatabases()) {
  describe(`ModelsLab client aliases on ${kind}`, () => {
    const suite = moneySuite(kind);

    test("/me: `about` is accepted and returned beside about_me; preferences carry nsfw_enabled and notifications_enabled", async () => {
      const agent = await onboardAgent();
      const patched = await call(meRoute.PATCH, `${API}/me`, {
        method: "PATCH",
        headers: agent.auth,
        body: { about: "from the CLI" },
      });
      assert.equal(patched.status, 200);
      assert.equal(patched.json.data.about, "from the CLI");
      assert.equal(patched.json.data.about_me, "from the CLI");
      const documented = await call(meRoute.PATCH, `${API}/me`, {
        method: "PATCH",
        headers: agent.auth,
        body: { about_me: "documented" },
      });
      assert.equal(documented.json.data.about, "documented");

      const prefs = await call(preferencesRoute.PATCH, `${API}/me/preferences`, {
        method: "PATCH",
        headers: agent.auth,
        body: { nsfw_enabled: true, notifications_enabled: true },
      });
      assert.equal(prefs.status, 200);
      const p = prefs.json.data.preferences;
      assert.deepEqual(
        [p.nsfw_content, p.nsfw_enabled, p.wallet_notification_enabled, p.notifications_enabled],
        [true, true, true, true],
      );
      const back = await call(preferencesRoute.PATCH, `${API}/me/preferences`, {
        method: "PATCH",
        headers: agent.auth,
        body: { nsfw_content: false, wallet_notification_enabled: false },
      });
      const q = back.json.data.preferences;
      assert.deepEqual([q.nsfw_enabled, q.notifications_enabled], [false, false]);
      const me = await call(meRoute.GET, `${API}/me`, { headers: agent.auth });
      assert.equal(me.json.data.about, "documented");
      assert.equal(me.json.data.preferences.nsfw_enabled, false);
    });

    test("POST /api-keys with {} gets a default name; GET /api-keys/{id} has id, name, masked key, notes, created_at", async () => {
      const agent = await onboardAgent();
      const created = await call(apiKeysRoute.POST, `${API}/api-keys`, {
        method: "POST",
        headers: agent.auth,
        body: {},
      });
      assert.equal(created.status, 201, JSON.stringify(created.json));
      assert.match(created.json.data.name, /^API key \d{4}-\d{2}-\d{2}$/);
      assert.match(created.json.data.key, /^onr_ak_/);
      const named = await call(apiKeysRoute.POST, `${API}/api-keys`, {
        method: "POST",
        headers: agent.auth,
        body: { name: "render-worker" },
      });
      assert.equal(named.json.data.name, "render-worker");
      const blank = await call(apiKeysRoute.POST, `${API}/api-keys`, {
        method: "POST",
        headers: agent.auth,
        body: { name: "  " },
      });
      assert.equal(blank.status, 422, "a name that is sent must still be a name");

      const id = String(created.json.data.id);
      const one = await call(apiKeyRoute.GET, `${API}/api-keys/${id}`, {
        headers: agent.auth,
        params: { id },
      });
      assert.equal(one.status, 200);
      const d = one.json.data;
      assert.equal(d.id, created.json.data.id);
      assert.equal(d.name, created.json.data.name);
      assert.equal(d.notes, null);
      assert.ok(Date.parse(d.created_at));
      assert.notEqual(d.key, created.json.data.key);
      assert.ok(d.key.endsWith(created.json.data.key.slice(-4)), "masked, with the last four");
    });

    test("login: expiry alias with 6_months and 1_year; token_expiry still works; other values 422 with details", async () => {
      const agent = await onboardAgent();
      for (const [field, value, days] of [
        ["expiry", "6_months", 182],
        ["token_expiry", "1_year", 365],
        ["token_expiry", "3_months", 91],
      ] as const) {
        const res = await login(agent, { [field]: value });
        assert.equal(res.status, 200, JSON.stringify(res.json));
        assert.equal(res.json.data.token_expiry, value);
        const delta = Date.parse(res.json.data.expires_at) - Date.now();
        assert.ok(Math.abs(delta - days * DAY) < 3 * DAY, `${value}: ${res.json.data.expires_at}`);
      }
      const bad = await login(agent, { expiry: "2_years" });
      assert.equal(bad.status, 422);
      assert.ok(bad.json.error.details.expiry);
    });

    test("a new machine gets an API key without a browser: login with device_name mints that device's key, a later one replaces it", async () => {
      const agent = await onboardAgent();
      const db = await getDb();
      const plain = await login(agent);
      assert.equal(plain.json.data.api_key, null, "no device named: existing keys are never shown again");

      const first = await login(agent, { device_name: "build-box" });
      assert.equal(first.status, 200);
      const key1 = first.json.data.api_key as string;
      assert.match(key1, /^onr_ak_/);
      assert.ok(await resolveApiKey(db, key1), "the device key works on the generation API");
      assert.ok(await resolveApiKey(db, agent.apiKey), "the default key is untouched");

      const second = await login(agent, { device_name: "build-box" });
      const key2 = second.json.data.api_key as string;
      assert.match(key2, /^onr_ak_/);
      assert.notEqual(key2, key1);
      assert.equal(await resolveApiKey(db, key1), null, "the device's previous key is replaced");
      assert.ok(await resolveApiKey(db, key2));

      const other = await login(agent, { device_name: "laptop" });
      assert.ok(await resolveApiKey(db, other.json.data.api_key), "another device gets its own");
      assert.ok(await resolveApiKey(db, key2), "…without touching build-box's");

      const live = await db
        .select({ name: apiKeys.name })
        .from(apiKeys)
        .where(and(eq(apiKeys.userId, agent.userId), isNull(apiKeys.deletedAt)));
      assert.deepEqual(live.map((k) => k.name).sort(), ["Default", "Device: build-box", "Device: laptop"]);
      const listed = await call(apiKeysRoute.GET, `${API}/api-keys`, { headers: agent.auth });
      assert.ok(
        listed.json.data.every((k: { key: string }) => ![key1, key2].includes(k.key)),
        "lists stay masked",
      );

      const scoped = await login(agent, { device_name: "build-box", scopes: ["usage:read"] });
      assert.equal(scoped.json.data.api_key, null, "a narrowed token never comes with a key");
      assert.ok(await resolveApiKey(db, key2), "…nor replaces the device's");

      const audited = await db
        .select({ targetId: auditEvents.targetId })
        .from(auditEvents)
        .where(eq(auditEvents.action, "api_key.device_key_issued"));
      assert.ok(audited.length >= 3);
    });

    test("coupons validate: `code` alias of `coupon_code`, as GET query or POST body", async () => {
      const agent = await onboardAgent();
      const viaCode = await call(validateRoute.GET, `${API}/wallet/coupons/validate?code=welcome5`, {
        headers: agent.auth,
      });
      const documented = await call(
        validateRoute.GET,
        `${API}/wallet/coupons/validate?coupon_code=welcome5`,
        {
          headers: agent.auth,
        },
      );
      const posted = await call(validateRoute.POST, `${API}/wallet/coupons/validate`, {
        method: "POST",
        headers: agent.auth,
        body: { code: "welcome5" },
      });
      const postedDocumented = await call(validateRoute.POST, `${API}/wallet/coupons/validate`, {
        method: "POST",
        headers: agent.auth,
        body: { coupon_code: "WELCOME5" },
      });
      for (const res of [viaCode, documented, posted, postedDocumented]) {
        assert.equal(res.status, 200, JSON.stringify(res.json));
        assert.deepEqual(res.json.data, documented.json.data);
      }
      const missing = await call(validateRoute.POST, `${API}/wallet/coupons/validate`, {
        method: "POST",
        headers: agent.auth,
        body: {},
      });
      assert.equal(missing.status, 422);
      assert.ok(missing.json.error.details.coupon_code);
      const noToken = await call(validateRoute.POST, `${API}/wallet/coupons/validate`, {
        method: "POST",
        body: { code: "welcome5" },
      });
      assert.equal(noToken.status, 401);
    });

    test("subscriptions carry plan_name, next_billing_date, amount; the overview active_subscription and totals; invoice pdf url at the top level", async () => {
      const agent = await onboardAgent();
      const pm = await suite.stripe().tokenize("4242424242424242");
      const empty = await call(overviewRoute.GET, `${API}/billing/overview`, { headers: agent.auth });
      assert.deepEqual(
        [empty.json.data.active_subscription, empty.json.data.total_deposits, empty.json.data.total_charges],
        [null, 0, 0],
      );

      const funded = await call(fundRoute.POST, `${API}/wallet/fund`, {
        method: "POST",
        headers: agent.auth,
        body: { amount: 25, payment_method_id: pm },
      });
      assert.equal(funded.status, 200, JSON.stringify(funded.json));
      const made = await text2img({
        key: agent.apiKey,
        model_id: "flux",
        prompt: "one",
        width: 512,
        height: 512,
      });
      assert.equal(made.json.status, "success", JSON.stringify(made.json));

      const subscribed = await call(subscriptionsRoute.POST, `${API}/subscriptions`, {
        method: "POST",
        headers: agent.auth,
        body: { plan_id: 10, payment_method_id: pm },
      });
      assert.equal(subscribed.status, 201, JSON.stringify(subscribed.json));
      const id = String(subscribed.json.data.subscription.id);

      const listed = await call(subscriptionsRoute.GET, `${API}/subscriptions`, { headers: agent.auth });
      const status = await call(statusRoute.GET, `${API}/subscriptions/${id}/status`, {
        headers: agent.auth,
        params: { id },
      });
      for (const sub of [listed.json.data[0], status.json.data]) {
        assert.equal(sub.plan_name, sub.plan.name);
        assert.equal(sub.amount, sub.plan.price);
        assert.equal(sub.next_billing_date, sub.current_period_end);
        assert.ok(Date.parse(sub.next_billing_date) > Date.now());
      }

      const overview = await call(overviewRoute.GET, `${API}/billing/overview`, { headers: agent.auth });
      const o = overview.json.data;
      assert.equal(o.active_subscription.id, Number(id));
      assert.equal(o.total_deposits, 25);
      assert.equal(o.total_charges, 0.02);
      assert.equal(o.wallet_balance, 24.98);

      const invoices = await call(invoicesRoute.GET, `${API}/billing/invoices`, { headers: agent.auth });
      const receiptId = String(
        invoices.json.data.find((d: { object: string }) => d.object === "receipt")?.id ?? "",
      );
      const pdf = await call(invoicePdfRoute.GET, `${API}/billing/invoices/${receiptId}/pdf`, {
        headers: agent.auth,
        params: { id: receiptId },
      });
      assert.equal(pdf.status, 200, JSON.stringify(pdf.json));
      assert.ok(pdf.json.data.url);
      assert.equal(pdf.json.url, pdf.json.data.url);
    });

    test("usage history: per_page and page (a trailing & is harmless); limit still works", async () => {
      const agent = await onboardAgent();
      const pm = await suite.stripe().tokenize("4242424242424242");
      await call(fundRoute.POST, `${API}/wallet/fund`, {
        method: "POST",
        headers: agent.auth,
        body: { amount: 10, payment_method_id: pm },
      });
      for (const prompt of ["one", "two", "three"]) {
        const made = await text2img({ key: agent.apiKey, model_id: "flux", prompt, width: 512, height: 512 });
        assert.equal(made.json.status, "success");
      }
      const history = (query: string) =>
        call(historyRoute.GET, `${API}/usage/history?${query}`, { headers: agent.auth });
      const all = await history("limit=10");
      assert.equal(all.json.data.length, 3);
      const page1 = await history("per_page=2&page=1&");
      const page2 = await history("per_page=2&page=2&");
      assert.equal(page1.status, 200);
      assert.deepEqual(
        [...page1.json.data, ...page2.json.data].map((u: { id: unknown }) => u.id),
        all.json.data.map((u: { id: unknown }) => u.id),
      );
      const today = new Date().toISOString().slice(0, 10);
      const ranged = await history(`from=${today}&to=${today}&per_page=1&`);
      assert.equal(ranged.json.data.length, 1);
      assert.equal((await history("per_page=0")).status, 422);
    });

    test("errors always carry details: {} when there are none, in the envelope and the ModelsLab shape", async () => {
      const noToken = await call(meRoute.GET, `${API}/me`);
      assert.equal(noToken.status, 401);
      assert.deepEqual(noToken.json.error.details, {});
      const badKey = await call(text2imgV6.POST, "/api/v6/images/text2img", {
        method: "POST",
        body: { key: "onr_ak_nope", prompt: "x" },
      });
      assert.equal(badKey.json.status, "error");
      assert.deepEqual(badKey.json.details, {});
      const invalid = await call(apiKeysRoute.POST, `${API}/api-keys`, {
        method: "POST",
        headers: (await onboardAgent()).auth,
        body: { name: 5 },
      });
      assert.ok(invalid.json.error.details.name, "details that exist are kept");
    });
  });
}
