import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import * as apiKeysRoute from "@/app/api/agents/v1/api-keys/route";
import * as meRoute from "@/app/api/agents/v1/me/route";
import { SCOPES } from "@/lib/auth/scopes";
import { getDb } from "@/lib/db/client";
import { apiKeys, users } from "@/lib/db/schema";
import { LOGIN_LOCK_THRESHOLD } from "@/lib/sign-in/login";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import * as forgotRoute from "../forgot-password/route";
import * as resetRoute from "../reset-password/route";
import * as scopesRoute from "../scopes/route";
import {
  type Agent,
  bearer,
  freshIp,
  loginAs,
  mailbox,
  onboard,
  resetTokenFrom,
  send,
  uniqueEmail,
} from "../test-support";
import * as loginRoute from "./route";

const DAY = 86_400_000;

function assertExpiry(expiresAt: string, days: number) {
  const delta = new Date(expiresAt).getTime() - Date.now();
  assert.ok(Math.abs(delta - days * DAY) < 2 * DAY, `${expiresAt} is about ${days} days away`);
}

for (const kind of availableDatabases()) {
  describe(`login on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    let agent: Agent;
    before(async () => {
      cleanup = await useFreshDatabase(kind);
      agent = await onboard();
    });
    after(() => cleanup());

    test("answers per reference §1.1; the default key is not shown again", async () => {
      const res = await loginAs(agent);
      assert.equal(res.status, 200);
      const d = res.json.data;
      assert.match(d.access_token, /^\d+\|onr_at_/);
      assert.equal(d.token_type, "Bearer");
      assert.equal(d.token_expiry, "1_month");
      assertExpiry(d.expires_at, 30);
      assert.deepEqual(d.scopes, ["*"]);
      assert.deepEqual(d.user, {
        id: agent.userId,
        name: "Agent Runner",
        email: agent.email,
        username: d.user.username,
        verified: true,
      });
      assert.equal(d.api_key, null, "verify-email already handed out the default key");
      assert.equal(
        (await send(meRoute.GET, "/api/agents/v1/me", { headers: bearer(d.access_token) })).status,
        200,
      );
    });

    test("token_expiry and its alias expiry: 1_week, 1_month, 3_months, never (6_months, 1_year: client-aliases.test.ts); anything else → 422", async () => {
      for (const [field, value, days] of [
        ["token_expiry", "1_week", 7],
        ["expiry", "1_month", 30],
        ["token_expiry", "3_months", 91],
      ] as const) {
        const res = await loginAs(agent, { [field]: value });
        assert.equal(res.status, 200);
        assert.equal(res.json.data.token_expiry, value);
        assertExpiry(res.json.data.expires_at, days);
      }
      const never = await loginAs(agent, { expiry: "never" });
      assert.equal(never.json.data.token_expiry, "never");
      assert.equal(never.json.data.expires_at, null);
      const bad = await loginAs(agent, { token_expiry: "2_years" });
      assert.equal(bad.status, 422);
      assert.ok(bad.json.error.details.token_expiry);
    });

    test("wrong password and unknown email: the same 401 invalid_credentials", async () => {
      const wrong = await loginAs({ email: agent.email, password: "secret124" });
      const unknown = await loginAs({ email: uniqueEmail(), password: "secret123" });
      for (const res of [wrong, unknown]) {
        assert.equal(res.status, 401);
        assert.equal(res.json.error.code, "invalid_credentials");
      }
      assert.equal(wrong.json.error.message, unknown.json.error.message);
      // Case and whitespace in the email do not matter.
      assert.equal(
        (await loginAs({ email: ` ${agent.email.toUpperCase()} `, password: "secret123" })).status,
        200,
      );
      // No truncation: the password plus a character is another password.
      assert.equal((await loginAs({ email: agent.email, password: "secret123x" })).status, 401);
    });

    test("validation: missing fields → 422; a bearer token sent to login is ignored", async () => {
      const res = await send(loginRoute.POST, "/api/agents/v1/auth/login", { method: "POST", body: {} });
      assert.equal(res.status, 422);
      assert.deepEqual(Object.keys(res.json.error.details).sort(), ["email", "password"]);
      const withToken = await send(loginRoute.POST, "/api/agents/v1/auth/login", {
        method: "POST",
        body: { email: agent.email, password: agent.password },
        headers: bearer("1|revoked-or-garbage"),
      });
      assert.equal(withToken.status, 200);
    });

    test("scopes: validated against the list, echoed, and enforced with 403 insufficient_scope", async () => {
      const unknown = await loginAs(agent, { scopes: ["profile:read", "admin:everything"] });
      assert.equal(unknown.status, 422);
      assert.equal(unknown.json.error.code, "validation_error");
      assert.match(unknown.json.error.details.scopes[0], /admin:everything/);
      assert.equal((await loginAs(agent, { scopes: [] })).status, 422);

      const scoped = await loginAs(agent, { scopes: ["profile:read"] });
      assert.equal(scoped.status, 200);
      assert.deepEqual(scoped.json.data.scopes, ["profile:read"]);
      const token = scoped.json.data.access_token;
      assert.equal((await send(meRoute.GET, "/api/agents/v1/me", { headers: bearer(token) })).status, 200);
      const denied = await send(meRoute.PATCH, "/api/agents/v1/me", {
        method: "PATCH",
        body: { name: "x" },
        headers: bearer(token),
      });
      assert.equal(denied.status, 403);
      assert.equal(denied.json.error.code, "insufficient_scope");
      assert.deepEqual(denied.json.error.details, {
        required_scope: "profile:write",
        granted_scopes: ["profile:read"],
      });
      assert.match(
        denied.headers.get("www-authenticate") ?? "",
        /error="insufficient_scope", scope="profile:write"/,
      );
      const keys = await send(apiKeysRoute.GET, "/api/agents/v1/api-keys", { headers: bearer(token) });
      assert.equal(keys.status, 403);

      // A space-separated string is accepted too (OAuth style).
      const spaced = await loginAs(agent, { scopes: "api-keys:read tokens:read" });
      assert.deepEqual(spaced.json.data.scopes, ["api-keys:read", "tokens:read"]);
    });

    test("GET /auth/scopes lists every scope, publicly", async () => {
      const res = await send(scopesRoute.GET, "/api/agents/v1/auth/scopes", { headers: bearer("junk") });
      assert.equal(res.status, 200);
      assert.ok(res.json.data.scopes_supported.includes("*"));
      assert.ok(res.json.data.scopes_supported.includes("api-keys:write"));
      assert.ok(res.json.data.scopes_supported.includes("audit:read"));
      assert.deepEqual(res.json.data.scopes_supported, Object.keys(SCOPES));
      assert.ok(
        res.json.data.scopes.every((s: { name: string; description: string }) => s.name && s.description),
      );
    });

    test("login mints a new default key only when the account has none", async () => {
      const other = await onboard();
      const db = await getDb();
      const [user] = await db.select().from(users).where(eq(users.id, other.userId));
      await db.delete(apiKeys).where(eq(apiKeys.accountId, user!.personalAccountId));
      const first = await loginAs(other);
      assert.match(first.json.data.api_key, /^onr_ak_/);
      const second = await loginAs(other);
      assert.equal(second.json.data.api_key, null);
    });

    test("a login with narrowed scopes neither creates nor returns an API key (api_key: null)", async () => {
      const other = await onboard();
      const db = await getDb();
      const [user] = await db.select().from(users).where(eq(users.id, other.userId));
      const liveKeys = async () =>
        (await db.select().from(apiKeys).where(eq(apiKeys.accountId, user!.personalAccountId))).filter(
          (k) => k.deletedAt === null,
        );
      await db.delete(apiKeys).where(eq(apiKeys.accountId, user!.personalAccountId));
      for (const scopes of [["profile:read"], ["api-keys:write", "billing:read"]]) {
        const narrowed = await loginAs(other, { scopes });
        assert.equal(narrowed.status, 200);
        assert.equal(narrowed.json.data.api_key, null, scopes.join(" "));
        assert.deepEqual(narrowed.json.data.scopes, scopes);
      }
      assert.equal((await liveKeys()).length, 0, "no key was minted behind the narrowed token");
      // A full-access login (no scopes, or "*") still mints the missing default key.
      const full = await loginAs(other, { scopes: ["*"] });
      assert.match(full.json.data.api_key, /^onr_ak_/);
      assert.equal((await liveKeys()).length, 1);
    });

    test("soft lock: after many consecutive failures even the right password is refused until a reset", async () => {
      const victim = await onboard();
      const db = await getDb();
      await db
        .update(users)
        .set({ failedLoginCount: LOGIN_LOCK_THRESHOLD - 1 })
        .where(eq(users.id, victim.userId));
      assert.equal((await loginAs({ email: victim.email, password: "wrong-one" })).status, 401);
      for (const password of ["wrong-two", victim.password]) {
        const res = await loginAs({ email: victim.email, password });
        assert.equal(res.status, 403);
        assert.equal(res.json.error.code, "account_locked");
      }
      // The owner is never locked out for good: a reset unlocks.
      await send(forgotRoute.POST, "/api/agents/v1/auth/forgot-password", {
        method: "POST",
        body: { email: victim.email },
      });
      const token = resetTokenFrom((await mailbox(victim.email))[0]!.text);
      const reset = await send(resetRoute.POST, "/api/agents/v1/auth/reset-password", {
        method: "POST",
        body: {
          email: victim.email,
          token,
          password: "new-secret-456",
          password_confirmation: "new-secret-456",
        },
      });
      assert.equal(reset.status, 200);
      assert.equal((await loginAs({ email: victim.email, password: "new-secret-456" })).status, 200);
    });

    test("the agent-auth limiter: 20 attempts a minute per IP and email, then 429", async () => {
      const target = await onboard();
      const ip = freshIp();
      const attempt = (email: string) =>
        send(loginRoute.POST, "/api/agents/v1/auth/login", {
          method: "POST",
          body: { email, password: "guess-guess" },
          ip,
        });
      for (let i = 0; i < 20; i++) assert.equal((await attempt(target.email)).status, 401);
      const limited = await attempt(target.email);
      assert.equal(limited.status, 429);
      assert.equal(limited.json.error.code, "rate_limited");
      assert.equal(limited.headers.get("x-ratelimit-remaining"), "0");
      // Another address from the same IP has its own bucket; the owner elsewhere is not affected.
      assert.equal((await attempt(uniqueEmail())).status, 401);
      assert.equal((await loginAs(target)).status, 200);
    });

    test("a successful login clears the failure count", async () => {
      const a = await onboard();
      await loginAs({ email: a.email, password: "nope-nope" });
      await loginAs({ email: a.email, password: "nope-nope" });
      const db = await getDb();
      const count = async () =>
        (await db.select({ n: users.failedLoginCount }).from(users).where(eq(users.id, a.userId)))[0]?.n;
      assert.equal(await count(), 2);
      await loginAs(a);
      assert.equal(await count(), 0);
    });
  });
}
