/**
 * Contract: the real answers of the seed's headless flow (signup → verify → stripe-config → fund →
 * balance → generation, plus login, /me and the API keys) validate against the response schemas of
 * the OpenAPI document the app serves — successes and the errors met on the way. A presenter that
 * drifts from its declared schema (a renamed, missing or extra field) fails here.
 */
import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import * as apiKeyRoute from "@/app/api/agents/v1/api-keys/[id]/route";
import * as apiKeysRoute from "@/app/api/agents/v1/api-keys/route";
import * as forgotRoute from "@/app/api/agents/v1/auth/forgot-password/route";
import * as loginRoute from "@/app/api/agents/v1/auth/login/route";
import * as logoutRoute from "@/app/api/agents/v1/auth/logout/route";
import * as logoutAllRoute from "@/app/api/agents/v1/auth/logout-all/route";
import * as refreshRoute from "@/app/api/agents/v1/auth/refresh/route";
import * as resendRoute from "@/app/api/agents/v1/auth/resend-verification/route";
import * as resetRoute from "@/app/api/agents/v1/auth/reset-password/route";
import * as scopesRoute from "@/app/api/agents/v1/auth/scopes/route";
import * as signupRoute from "@/app/api/agents/v1/auth/signup/route";
import * as tokenRoute from "@/app/api/agents/v1/auth/tokens/[id]/route";
import * as revokeOthersRoute from "@/app/api/agents/v1/auth/tokens/revoke-others/route";
import * as tokensRoute from "@/app/api/agents/v1/auth/tokens/route";
import * as verifyRoute from "@/app/api/agents/v1/auth/verify-email/route";
import * as configRoute from "@/app/api/agents/v1/billing/stripe-config/route";
import * as changelogRoute from "@/app/api/agents/v1/changelog/route";
import * as meRoute from "@/app/api/agents/v1/me/route";
import * as openapiRoute from "@/app/api/agents/v1/openapi.json/route";
import * as balanceRoute from "@/app/api/agents/v1/wallet/balance/route";
import * as fundRoute from "@/app/api/agents/v1/wallet/fund/route";
import * as text2imgRoute from "@/app/api/v6/images/text2img/route";
import { GET as mailbox } from "@/app/dev/mailbox/messages/route";
import document from "@/lib/http/openapi/document.json";
import { availableDatabases } from "@/tests/helpers/database";
import { call } from "@/tests/helpers/http";
import { moneySuite } from "@/tests/helpers/money-suite";

const API = "/api/agents/v1";

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(document, "openapi");

const pointer = (...parts: string[]) =>
  parts.map((p) => p.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");

/** Validates an answer against the document's schema for this operation and status. */
function assertConforms(method: string, path: string, status: number, body: unknown) {
  const paths = document.paths as unknown as Record<
    string,
    Record<string, { responses: Record<string, unknown> }>
  >;
  const op = paths[path]?.[method.toLowerCase()];
  assert.ok(op, `${method} ${path} is in the document`);
  const key = op.responses[String(status)] ? String(status) : "default";
  assert.ok(op.responses[key], `${method} ${path} documents ${status}`);
  const ref = `openapi#/${pointer("paths", path, method.toLowerCase(), "responses", key, "content", "application/json", "schema")}`;
  const validate = ajv.compile({ $ref: ref });
  assert.ok(
    validate(body),
    `${method} ${path} ${status} does not match its schema: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 800)}`,
  );
}

for (const kind of availableDatabases()) {
  describe(`OpenAPI contract: the seed flow on ${kind}`, () => {
    const suite = moneySuite(kind);

    test("signup → verify → stripe-config → fund → balance → generation, and login, /me, API keys", async () => {
      const email = `contract-${Date.now()}@example.com`;
      const ip = "10.77.0.1";
      const signup = await call(signupRoute.POST, `${API}/auth/signup`, {
        method: "POST",
        body: { email, password: "secret123", name: "Agent Runner" },
        ip,
      });
      assert.equal(signup.status, 201);
      assertConforms("POST", "/auth/signup", 201, signup.json);
      const invalid = await call(signupRoute.POST, `${API}/auth/signup`, { method: "POST", body: {}, ip });
      assertConforms("POST", "/auth/signup", invalid.status, invalid.json);

      const mail = await call(mailbox, `/dev/mailbox/messages?to=${encodeURIComponent(email)}`);
      const code = /Verification code: (\S+)/.exec(mail.json.data?.[0]?.text ?? "")?.[1];
      const wrongCode = await call(verifyRoute.POST, `${API}/auth/verify-email`, {
        method: "POST",
        body: { verification_code: "vc_nope" },
        ip,
      });
      assert.equal(wrongCode.status, 422);
      assertConforms("POST", "/auth/verify-email", 422, wrongCode.json);
      const verified = await call(verifyRoute.POST, `${API}/auth/verify-email`, {
        method: "POST",
        body: { verification_code: code },
        ip,
      });
      assert.equal(verified.status, 200);
      assertConforms("POST", "/auth/verify-email", 200, verified.json);
      const token = verified.json.data.access_token as string;
      const apiKey = verified.json.data.api_key as string;
      const auth = { authorization: `Bearer ${token}` };

      const config = await call(configRoute.GET, `${API}/billing/stripe-config`, { headers: auth });
      assertConforms("GET", "/billing/stripe-config", 200, config.json);
      const noToken = await call(configRoute.GET, `${API}/billing/stripe-config`);
      assert.equal(noToken.status, 401);
      assertConforms("GET", "/billing/stripe-config", 401, noToken.json);

      const pm = await suite.stripe().tokenize("4242424242424242");
      const funded = await call(fundRoute.POST, `${API}/wallet/fund`, {
        method: "POST",
        headers: { ...auth, "idempotency-key": `fund-25-${kind}` },
        body: { amount: 25, payment_method_id: pm },
      });
      assert.equal(funded.status, 200, JSON.stringify(funded.json));
      assertConforms("POST", "/wallet/fund", 200, funded.json);
      const replay = await call(fundRoute.POST, `${API}/wallet/fund`, {
        method: "POST",
        headers: { ...auth, "idempotency-key": `fund-25-${kind}` },
        body: { amount: 25, payment_method_id: pm },
      });
      assert.equal(replay.json.idempotency_replay, true);
      assertConforms("POST", "/wallet/fund", 200, replay.json);
      const threeDs = await call(fundRoute.POST, `${API}/wallet/fund`, {
        method: "POST",
        headers: auth,
        body: { amount: 10, payment_method_id: await suite.stripe().tokenize("4000002500003155") },
      });
      assert.equal(threeDs.status, 202, JSON.stringify(threeDs.json));
      assertConforms("POST", "/wallet/fund", 202, threeDs.json);
      const declined = await call(fundRoute.POST, `${API}/wallet/fund`, {
        method: "POST",
        headers: auth,
        body: { amount: 10, payment_method_id: await suite.stripe().tokenize("4000000000000002") },
      });
      assert.equal(declined.status, 402, JSON.stringify(declined.json));
      assertConforms("POST", "/wallet/fund", 402, declined.json);
      const link = await call(fundRoute.POST, `${API}/wallet/fund`, {
        method: "POST",
        headers: auth,
        body: { amount: 10 },
      });
      assert.equal(link.status, 200, JSON.stringify(link.json));
      assertConforms("POST", "/wallet/fund", 200, link.json);

      const balance = await call(balanceRoute.GET, `${API}/wallet/balance`, { headers: auth });
      assert.equal(balance.json.data.balance, 25);
      assertConforms("GET", "/wallet/balance", 200, balance.json);

      const image = await call(text2imgRoute.POST, "/api/v6/images/text2img", {
        method: "POST",
        body: {
          key: apiKey,
          model_id: "flux",
          prompt: "A futuristic cityscape at sunset",
          width: 1024,
          height: 1024,
        },
      });
      assert.equal(image.status, 200, JSON.stringify(image.json));
      assertConforms("POST", "/api/v6/images/text2img", 200, image.json);
      const badKey = await call(text2imgRoute.POST, "/api/v6/images/text2img", {
        method: "POST",
        body: { key: "onr_ak_nope", prompt: "x" },
      });
      assertConforms("POST", "/api/v6/images/text2img", badKey.status, badKey.json);

      const login = await call(loginRoute.POST, `${API}/auth/login`, {
        method: "POST",
        body: { email, password: "secret123", device_name: "contract-box", expiry: "1_year" },
      });
      assertConforms("POST", "/auth/login", 200, login.json);
      const wrong = await call(loginRoute.POST, `${API}/auth/login`, {
        method: "POST",
        body: { email, password: "wrong-password" },
      });
      assertConforms("POST", "/auth/login", 401, wrong.json);

      const me = await call(meRoute.GET, `${API}/me`, { headers: auth });
      assertConforms("GET", "/me", 200, me.json);
      const created = await call(apiKeysRoute.POST, `${API}/api-keys`, {
        method: "POST",
        headers: auth,
        body: {},
      });
      assertConforms("POST", "/api-keys", 201, created.json);
      const keys = await call(apiKeysRoute.GET, `${API}/api-keys`, { headers: auth });
      assertConforms("GET", "/api-keys", 200, keys.json);
      const id = String(created.json.data.id);
      const one = await call(apiKeyRoute.GET, `${API}/api-keys/${id}`, { headers: auth, params: { id } });
      assertConforms("GET", "/api-keys/{id}", 200, one.json);
      const missing = await call(apiKeyRoute.GET, `${API}/api-keys/999999`, {
        headers: auth,
        params: { id: "999999" },
      });
      assert.equal(missing.status, 404);
      assertConforms("GET", "/api-keys/{id}", 404, missing.json);

      // The token lifecycle and the password flows.
      const signIn = async () =>
        (
          await call(loginRoute.POST, `${API}/auth/login`, {
            method: "POST",
            body: { email, password: "secret123" },
          })
        ).json.data.access_token as string;
      const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
      const spare = await signIn();
      const refreshed = await call(refreshRoute.POST, `${API}/auth/refresh`, {
        method: "POST",
        headers: bearer(spare),
        body: { expiry: "1_week" },
      });
      assertConforms("POST", "/auth/refresh", 200, refreshed.json);
      const tokens = await call(tokensRoute.GET, `${API}/auth/tokens`, { headers: auth });
      assertConforms("GET", "/auth/tokens", 200, tokens.json);
      const other = tokens.json.data.find((t: { is_current: boolean }) => !t.is_current);
      const revoked = await call(tokenRoute.DELETE, `${API}/auth/tokens/${other.id}`, {
        method: "DELETE",
        headers: auth,
        params: { id: String(other.id) },
      });
      assertConforms("DELETE", "/auth/tokens/{id}", 200, revoked.json);
      const scopes = await call(scopesRoute.GET, `${API}/auth/scopes`);
      assertConforms("GET", "/auth/scopes", 200, scopes.json);
      for (const [route, path] of [
        [forgotRoute.POST, "/auth/forgot-password"],
        [resendRoute.POST, "/auth/resend-verification"],
      ] as const) {
        const res = await call(route, `${API}${path}`, { method: "POST", body: { email } });
        assertConforms("POST", path, 200, res.json);
      }
      const badReset = await call(resetRoute.POST, `${API}/auth/reset-password`, {
        method: "POST",
        body: { email, token: "nope", password: "secret1234", password_confirmation: "secret1234" },
      });
      assertConforms("POST", "/auth/reset-password", badReset.status, badReset.json);
      const others = await call(revokeOthersRoute.POST, `${API}/auth/tokens/revoke-others`, {
        method: "POST",
        headers: auth,
      });
      assertConforms("POST", "/auth/tokens/revoke-others", 200, others.json);
      const logout = await call(logoutRoute.POST, `${API}/auth/logout`, {
        method: "POST",
        headers: bearer(await signIn()),
      });
      assertConforms("POST", "/auth/logout", 200, logout.json);

      const changelog = await call(changelogRoute.GET, `${API}/changelog`);
      assertConforms("GET", "/changelog", 200, changelog.json);
      const served = await call(openapiRoute.GET, `${API}/openapi.json`);
      assert.equal(served.status, 200);
      assert.deepEqual(served.json, document);

      const all = await call(logoutAllRoute.POST, `${API}/auth/logout-all`, {
        method: "POST",
        headers: auth,
      });
      assertConforms("POST", "/auth/logout-all", 200, all.json);
    });

    test("the validator bites: a body that drifts from its schema is refused", () => {
      const good = {
        data: { balance: 1, currency: "USD", total_credited: 1, amount_used: 0, spending_suspended: null },
        error: null,
        meta: { request_id: "req_x" },
      };
      assertConforms("GET", "/wallet/balance", 200, good);
      const renamed = { ...good, data: { ...good.data, balance: undefined, wallet_balance: 1 } };
      assert.throws(() => assertConforms("GET", "/wallet/balance", 200, renamed), /does not match/);
      const wrongCode = {
        data: null,
        error: { code: "not_found", message: "x", details: {} },
        meta: { request_id: "req_x" },
      };
      assert.throws(() => assertConforms("GET", "/wallet/balance", 401, wrongCode), /does not match/);
      const noDetails = { ...wrongCode, error: { code: "unauthenticated", message: "x" } };
      assert.throws(() => assertConforms("GET", "/wallet/balance", 401, noDetails), /does not match/);
    });
  });
}
