import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import * as forgotRoute from "@/app/api/agents/v1/auth/forgot-password/route";
import * as logoutRoute from "@/app/api/agents/v1/auth/logout/route";
import * as logoutAllRoute from "@/app/api/agents/v1/auth/logout-all/route";
import * as refreshRoute from "@/app/api/agents/v1/auth/refresh/route";
import * as resetRoute from "@/app/api/agents/v1/auth/reset-password/route";
import {
  type Agent,
  bearer,
  loginAs,
  mailbox,
  onboard,
  resetTokenFrom,
  send,
} from "@/app/api/agents/v1/auth/test-support";
import * as tokenRoute from "@/app/api/agents/v1/auth/tokens/[id]/route";
import * as revokeOthersRoute from "@/app/api/agents/v1/auth/tokens/revoke-others/route";
import * as passwordRoute from "@/app/api/agents/v1/me/password/route";
import * as meRoute from "@/app/api/agents/v1/me/route";
import { getDb } from "@/lib/db/client";
import { accessTokens, memberships } from "@/lib/db/schema";
import { notifier } from "@/lib/pubsub/notifier";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { resolveBearerToken } from "../../../lib/auth/resolve-bearer";
import {
  cachedToken,
  forgetAccountMember,
  forgetAllTokens,
  TOKEN_CACHE_CHANNEL,
  TOKEN_CACHE_TTL_MS,
} from "../../../lib/auth/token-cache";
import { flushTokenUse } from "../../../lib/auth/token-use";

const me = (token: string) => send(meRoute.GET, "/api/agents/v1/me", { headers: bearer(token) });
const idOf = (token: string) => Number(token.split("|")[0]);
const post = (handler: Parameters<typeof send>[0], path: string, token: string, body?: unknown) =>
  send(handler, path, { method: "POST", headers: bearer(token), ...(body === undefined ? {} : { body }) });

/** Uses the token until the cache holds it, so the next answer is the cache's unless it was forgotten. */
async function warm(token: string): Promise<void> {
  for (let i = 0; i < 3; i++) assert.equal((await me(token)).status, 200);
  assert.ok(cachedToken(idOf(token), Date.now()), "the token is remembered after use");
}

async function newToken(agent: Agent): Promise<string> {
  const res = await loginAs(agent);
  assert.equal(res.status, 200, JSON.stringify(res.json));
  return res.json.data.access_token;
}

for (const kind of availableDatabases()) {
  describe(`token cache on ${kind}: every revocation is seen on the very next request`, () => {
    let cleanup: () => Promise<void>;
    before(async () => {
      cleanup = await useFreshDatabase(kind);
    });
    after(async () => cleanup());

    test("DELETE /auth/tokens/{id}", async () => {
      const agent = await onboard();
      const other = await newToken(agent);
      await warm(other);
      const res = await send(tokenRoute.DELETE, `/api/agents/v1/auth/tokens/${idOf(other)}`, {
        method: "DELETE",
        headers: bearer(agent.token),
        params: { id: String(idOf(other)) },
      });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.equal((await me(other)).status, 401);
      assert.equal((await me(agent.token)).status, 200);
    });

    test("POST /auth/tokens/revoke-others", async () => {
      const agent = await onboard();
      const other = await newToken(agent);
      await warm(other);
      await warm(agent.token);
      const res = await post(revokeOthersRoute.POST, "/api/agents/v1/auth/tokens/revoke-others", agent.token);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.equal((await me(other)).status, 401);
      assert.equal((await me(agent.token)).status, 200);
    });

    test("POST /auth/logout", async () => {
      const agent = await onboard();
      await warm(agent.token);
      assert.equal((await post(logoutRoute.POST, "/api/agents/v1/auth/logout", agent.token)).status, 200);
      assert.equal((await me(agent.token)).status, 401);
    });

    test("POST /auth/logout-all", async () => {
      const agent = await onboard();
      const other = await newToken(agent);
      await warm(other);
      await warm(agent.token);
      const res = await post(logoutAllRoute.POST, "/api/agents/v1/auth/logout-all", agent.token);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.equal((await me(agent.token)).status, 401);
      assert.equal((await me(other)).status, 401);
    });

    test("POST /auth/refresh: the rotated-out token", async () => {
      const agent = await onboard();
      await warm(agent.token);
      const res = await post(refreshRoute.POST, "/api/agents/v1/auth/refresh", agent.token, {});
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.equal((await me(agent.token)).status, 401);
      assert.equal((await me(res.json.data.access_token)).status, 200);
    });

    test("PATCH /me/password with revoke_other_tokens", async () => {
      const agent = await onboard();
      const other = await newToken(agent);
      await warm(other);
      await warm(agent.token);
      const res = await send(passwordRoute.PATCH, "/api/agents/v1/me/password", {
        method: "PATCH",
        headers: bearer(agent.token),
        body: {
          current_password: agent.password,
          password: "another-secret-1",
          password_confirmation: "another-secret-1",
          revoke_other_tokens: true,
        },
      });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.equal((await me(other)).status, 401);
      assert.equal((await me(agent.token)).status, 200, "the calling token keeps working");
    });

    test("POST /auth/reset-password", async () => {
      const agent = await onboard();
      await warm(agent.token);
      const forgot = await send(forgotRoute.POST, "/api/agents/v1/auth/forgot-password", {
        method: "POST",
        body: { email: agent.email },
      });
      assert.equal(forgot.status, 200);
      const mail = (await mailbox(agent.email)).find((m) => m.subject === "Reset your Onramp password");
      const token = resetTokenFrom(mail?.text ?? "");
      assert.ok(token);
      const res = await send(resetRoute.POST, "/api/agents/v1/auth/reset-password", {
        method: "POST",
        body: {
          email: agent.email,
          token,
          password: "brand-new-pass",
          password_confirmation: "brand-new-pass",
        },
      });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.equal((await me(agent.token)).status, 401);
    });

    test("a membership removed or a role changed, then forgetAccountMember", async () => {
      const agent = await onboard();
      await warm(agent.token);
      const db = await getDb();
      const principal = await resolveBearerToken(db, agent.token);
      assert.ok(principal);
      const member = and(
        eq(memberships.userId, agent.userId),
        eq(memberships.accountId, principal.accountId),
      );
      await db.update(memberships).set({ role: "viewer" }).where(member);
      await forgetAccountMember(principal.accountId, agent.userId);
      assert.equal((await resolveBearerToken(db, agent.token))?.role, "viewer");
      await db.delete(memberships).where(member);
      await forgetAccountMember(principal.accountId, agent.userId);
      assert.equal((await me(agent.token)).status, 401);
    });

    test("another instance's revocation: its message on the notifier makes this one forget", async () => {
      const agent = await onboard();
      await warm(agent.token);
      const db = await getDb();
      // What another instance does: revoke in the shared database, then publish.
      await db
        .update(accessTokens)
        .set({ revokedAt: new Date() })
        .where(eq(accessTokens.id, idOf(agent.token)));
      await notifier().publish(TOKEN_CACHE_CHANNEL, JSON.stringify({ user: agent.userId }));
      for (let i = 0; i < 50 && cachedToken(idOf(agent.token), Date.now()); i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.equal((await me(agent.token)).status, 401);
    });

    test("no entry outlives the TTL or its token's expiry, and a wrong secret is never served", async () => {
      const agent = await onboard();
      await warm(agent.token);
      const id = idOf(agent.token);
      assert.equal(cachedToken(id, Date.now() + TOKEN_CACHE_TTL_MS), undefined, "gone after the TTL");

      const short = (await loginAs(agent, { token_expiry: "1_week" })).json.data.access_token as string;
      await warm(short);
      assert.ok(cachedToken(idOf(short), Date.now())?.expiresAtMs, "the entry knows its token's expiry");

      const forged = `${idOf(short)}|${agent.token.split("|")[1]}`;
      assert.equal((await me(forged)).status, 401);
      assert.equal((await me(short)).status, 200);
    });

    test("last_used_at: the first use at once, later ones off the request path", async () => {
      const agent = await onboard();
      const other = await newToken(agent);
      const db = await getDb();
      const lastUsed = async () =>
        (
          await db
            .select()
            .from(accessTokens)
            .where(eq(accessTokens.id, idOf(other)))
        )[0]?.lastUsedAt;
      assert.equal(await lastUsed(), null);
      await warm(other);
      const first = await lastUsed();
      assert.ok(first, "the first use is recorded at once");
      const old = new Date(first.getTime() - 120_000);
      await db
        .update(accessTokens)
        .set({ lastUsedAt: old })
        .where(eq(accessTokens.id, idOf(other)));
      const principal = await resolveBearerToken(db, other); // the cache still says "just now"
      assert.ok(principal);
      await flushTokenUse();
      assert.deepEqual(await lastUsed(), old, "a use within the minute writes nothing");

      forgetAllTokens();
      assert.ok(await resolveBearerToken(db, other));
      assert.deepEqual(await lastUsed(), old, "a stale last use is not written on the request path");
      await flushTokenUse();
      assert.ok((await lastUsed())! > old, "… but soon after");
    });
  });
}
