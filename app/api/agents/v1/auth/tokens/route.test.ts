import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import * as meRoute from "@/app/api/agents/v1/me/route";
import { mintAccessTokenSecret } from "@/lib/auth/access-token-format";
import { getDb } from "@/lib/db/client";
import { accessTokens } from "@/lib/db/schema";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import * as logoutRoute from "../logout/route";
import * as logoutAllRoute from "../logout-all/route";
import * as refreshRoute from "../refresh/route";
import { bearer, loginAs, onboard, send } from "../test-support";
import * as tokenRoute from "./[id]/route";
import * as revokeOthersRoute from "./revoke-others/route";
import * as tokensRoute from "./route";

const me = (token: string) => send(meRoute.GET, "/api/agents/v1/me", { headers: bearer(token) });
const post = (handler: Parameters<typeof send>[0], path: string, token: string, body?: unknown) =>
  send(handler, path, { method: "POST", headers: bearer(token), ...(body === undefined ? {} : { body }) });
const list = (token: string) =>
  send(tokensRoute.GET, "/api/agents/v1/auth/tokens", { headers: bearer(token) });
const revoke = (token: string, id: string | number) =>
  send(tokenRoute.DELETE, `/api/agents/v1/auth/tokens/${id}`, {
    method: "DELETE",
    headers: bearer(token),
    params: { id: String(id) },
  });
const idOf = (token: string) => Number(token.split("|")[0]);

async function tokens(
  agent: { email: string; password: string },
  n: number,
  extra: Record<string, unknown> = {},
) {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push((await loginAs(agent, extra)).json.data.access_token);
  return out;
}

for (const kind of availableDatabases()) {
  describe(`access token lifecycle on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    before(async () => {
      cleanup = await useFreshDatabase(kind);
    });
    after(() => cleanup());

    test("GET /auth/tokens lists the active tokens with metadata only, marking the current one", async () => {
      const agent = await onboard();
      const [a, b] = await tokens(agent, 2, { device_name: "worker" });
      await me(a!);
      const res = await list(b!);
      assert.equal(res.status, 200);
      const items = res.json.data as Record<string, unknown>[];
      assert.equal(items.length, 3);
      assert.deepEqual(Object.keys(items[0]!).sort(), [
        "account_id",
        "created_at",
        "expires_at",
        "id",
        "is_current",
        "last_used_at",
        "name",
        "scopes",
        "token_expiry",
      ]);
      assert.equal(items.find((t) => t.is_current)?.id, idOf(b!));
      assert.equal(items.find((t) => t.id === idOf(a!))?.name, "worker");
      assert.ok(items.find((t) => t.id === idOf(a!))?.last_used_at, "last_used_at is recorded");
      assert.ok(!JSON.stringify(items).includes("onr_at_"));
    });

    test("refresh rotates: the new token works, the old one is 401 on the next call", async () => {
      const agent = await onboard();
      const [old] = await tokens(agent, 1, {
        device_name: "rotating",
        scopes: ["profile:read", "tokens:read"],
      });
      const res = await post(refreshRoute.POST, "/api/agents/v1/auth/refresh", old!);
      assert.equal(res.status, 200);
      const fresh = res.json.data.access_token;
      assert.notEqual(fresh, old);
      assert.equal(res.json.data.token_type, "Bearer");
      assert.equal(res.json.data.token_expiry, "1_month");
      assert.deepEqual(res.json.data.scopes, ["profile:read", "tokens:read"], "scopes carry over");
      assert.equal((await me(old!)).status, 401);
      assert.equal((await me(fresh)).status, 200);
      const listed = (await list(fresh)).json.data as { id: number; name: string }[];
      assert.equal(listed.find((t) => t.id === idOf(fresh))?.name, "rotating", "the name carries over");

      const renamed = await post(refreshRoute.POST, "/api/agents/v1/auth/refresh", fresh, {
        expiry: "1_week",
        device_name: "renamed",
      });
      assert.equal(renamed.json.data.token_expiry, "1_week", "a shorter expiry is granted");
      assert.equal((await post(refreshRoute.POST, "/api/agents/v1/auth/refresh", fresh)).status, 401);
    });

    test("refresh never lengthens a token's life: a 1-week token asking for never or 3 months keeps its expiry", async () => {
      const agent = await onboard();
      const login = await loginAs(agent, { token_expiry: "1_week" });
      const weekEnd = login.json.data.expires_at as string;
      assert.ok(new Date(weekEnd).getTime() < Date.now() + 8 * 86_400_000);
      let token = login.json.data.access_token as string;
      for (const expiry of ["never", "3_months", "1_month"]) {
        const res = await post(refreshRoute.POST, "/api/agents/v1/auth/refresh", token, { expiry });
        assert.equal(res.status, 200, expiry);
        assert.equal(res.json.data.expires_at, weekEnd, `${expiry}: the old expiry stays`);
        assert.equal(res.json.data.token_expiry, "1_week", expiry);
        token = res.json.data.access_token;
      }
      const db = await getDb();
      const [row] = await db
        .select()
        .from(accessTokens)
        .where(eq(accessTokens.id, idOf(token)));
      assert.equal(row?.expiresAt?.toISOString(), weekEnd, "stored as answered");
      // A token that never expires may still be refreshed into one that does.
      const forever = (await loginAs(agent, { token_expiry: "never" })).json.data.access_token;
      const bounded = await post(refreshRoute.POST, "/api/agents/v1/auth/refresh", forever, {
        expiry: "1_week",
      });
      assert.ok(new Date(bounded.json.data.expires_at).getTime() < Date.now() + 8 * 86_400_000);
    });

    test("two concurrent refreshes of one token: exactly one wins", async () => {
      const agent = await onboard();
      const [token] = await tokens(agent, 1);
      const results = await Promise.all(
        [1, 2, 3].map(() => post(refreshRoute.POST, "/api/agents/v1/auth/refresh", token!)),
      );
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 401, 401]);
    });

    test("logout revokes only the calling token, whatever its scopes", async () => {
      const agent = await onboard();
      const [a, b] = await tokens(agent, 2, { scopes: ["profile:read"] });
      const res = await post(logoutRoute.POST, "/api/agents/v1/auth/logout", a!);
      assert.equal(res.status, 200);
      assert.equal(res.json.data.revoked_tokens, 1);
      assert.equal((await me(a!)).status, 401);
      assert.equal((await me(b!)).status, 200);
      assert.equal((await post(logoutRoute.POST, "/api/agents/v1/auth/logout", a!)).status, 401);
    });

    test("logout-all revokes every token of the user and needs tokens:write", async () => {
      const agent = await onboard();
      const [scoped] = await tokens(agent, 1, { scopes: ["profile:read"] });
      const denied = await post(logoutAllRoute.POST, "/api/agents/v1/auth/logout-all", scoped!);
      assert.equal(denied.status, 403);
      assert.equal(denied.json.error.code, "insufficient_scope");
      assert.match(denied.headers.get("www-authenticate") ?? "", /scope="tokens:write"/);

      const [a, b] = await tokens(agent, 2);
      const res = await post(logoutAllRoute.POST, "/api/agents/v1/auth/logout-all", a!);
      assert.equal(res.status, 200);
      assert.equal(res.json.data.revoked_tokens, 4, "verify's token, the scoped one and both new ones");
      for (const t of [agent.token, scoped!, a!, b!]) assert.equal((await me(t)).status, 401);
    });

    test("revoke-others keeps the calling token only", async () => {
      const agent = await onboard();
      const [a, b] = await tokens(agent, 2);
      const res = await post(revokeOthersRoute.POST, "/api/agents/v1/auth/tokens/revoke-others", a!);
      assert.equal(res.status, 200);
      assert.equal(res.json.data.revoked_tokens, 2);
      assert.equal((await me(a!)).status, 200);
      assert.equal((await me(b!)).status, 401);
      assert.equal((await me(agent.token)).status, 401);
    });

    test("DELETE /auth/tokens/{id}: own token revoked at once; others', unknown and junk ids → 404", async () => {
      const alice = await onboard();
      const bob = await onboard();
      const [a1, a2] = await tokens(alice, 2);
      const res = await revoke(a1!, idOf(a2!));
      assert.equal(res.status, 200);
      assert.deepEqual(res.json.data.revoked, true);
      assert.equal((await me(a2!)).status, 401);
      assert.equal((await revoke(a1!, idOf(a2!))).status, 404, "already revoked");

      for (const id of [idOf(bob.token), 999_999, "abc", "0", "-1", "1.5"]) {
        const r = await revoke(a1!, id);
        assert.equal(r.status, 404, String(id));
        assert.equal(r.json.error.code, "not_found");
      }
      assert.equal((await me(bob.token)).status, 200, "Bob's token is untouched");
      // Bob cannot list Alice's tokens either: lists are per user.
      const bobs = (await list(bob.token)).json.data as { id: number }[];
      assert.ok(bobs.every((t) => t.id !== idOf(a1!)));
      // Revoking yourself works like logout.
      assert.equal((await revoke(a1!, idOf(a1!))).status, 200);
      assert.equal((await me(a1!)).status, 401);
    });

    test("expired, forged and malformed tokens → 401", async () => {
      const agent = await onboard();
      const [token] = await tokens(agent, 1, { expiry: "1_week" });
      const db = await getDb();
      await db
        .update(accessTokens)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(accessTokens.id, idOf(token!)));
      const expired = await me(token!);
      assert.equal(expired.status, 401);
      assert.match(expired.headers.get("www-authenticate") ?? "", /invalid_token/);
      assert.equal(
        (await list(agent.token)).json.data.some((t: { id: number }) => t.id === idOf(token!)),
        false,
      );

      const forged = `${idOf(agent.token)}|${mintAccessTokenSecret()}`; // right id, well-formed, wrong secret
      const flipped = `${agent.token.slice(0, -1)}${agent.token.endsWith("A") ? "B" : "A"}`; // bad checksum
      for (const bad of [
        forged,
        flipped,
        agent.token.split("|")[1]!,
        `x${agent.token}`,
        "1|",
        "|",
        "Bearer",
      ]) {
        assert.equal((await me(bad)).status, 401, bad);
      }
      assert.equal((await me(agent.token)).status, 200);
      const noHeader = await send(meRoute.GET, "/api/agents/v1/me");
      assert.equal(noHeader.status, 401);
      assert.equal(noHeader.headers.get("www-authenticate"), "Bearer");
      // Query-string tokens are never read.
      const inQuery = await send(
        meRoute.GET,
        `/api/agents/v1/me?access_token=${encodeURIComponent(agent.token)}`,
      );
      assert.equal(inQuery.status, 401);
    });

    test("listing needs tokens:read; the database holds only hashes", async () => {
      const agent = await onboard();
      const [scoped] = await tokens(agent, 1, { scopes: ["profile:read"] });
      const denied = await list(scoped!);
      assert.equal(denied.status, 403);
      assert.equal(denied.json.error.details.required_scope, "tokens:read");
      const db = await getDb();
      const rows = await db
        .select()
        .from(accessTokens)
        .where(eq(accessTokens.id, idOf(agent.token)));
      const secret = agent.token.split("|")[1]!;
      assert.ok(!JSON.stringify(rows).includes(secret));
      assert.match(rows[0]!.tokenHash, /^[0-9a-f]{64}$/);
    });
  });
}
