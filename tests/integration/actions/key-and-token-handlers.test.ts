import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { POST as loginRoute } from "@/app/api/agents/v1/auth/login/route";
import { GET as meRoute } from "@/app/api/agents/v1/me/route";
import { resolveApiKey } from "@/lib/api-keys/resolve-api-key";
import { getDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { loadApiKeys, loadTokens } from "@/lib/query/loaders";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { call } from "@/tests/helpers/http";
import { signedInHuman } from "@/tests/helpers/human";
import { handleCreateKey, handleDeleteKey, handleRenameKey } from "../../../lib/actions/key-handlers";
import { toFailure } from "../../../lib/actions/result";
import { handleRevokeAllTokens, handleRevokeToken } from "../../../lib/actions/token-handlers";

process.env.RATE_LIMIT_AUTH_PER_MINUTE = "100000";

const failureOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return toFailure(error);
  }
  assert.fail("expected the handler to fail");
};

const me = (token: string) =>
  call(meRoute, "/api/agents/v1/me", { headers: { authorization: `Bearer ${token}` } });

async function login(email: string, device: string): Promise<string> {
  const res = await call(loginRoute, "/api/agents/v1/auth/login", {
    method: "POST",
    body: { email, password: "secret123", device_name: device },
  });
  assert.equal(res.status, 200, JSON.stringify(res.json));
  return res.json.data.access_token;
}

for (const kind of availableDatabases()) {
  describe(`dashboard API keys and tokens on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    before(async () => {
      resetEnvCache();
      resetRateLimiters();
      cleanup = await useFreshDatabase(kind);
    });
    after(async () => cleanup());

    test("create shows the key once; lists mask it; rename; delete stops it authenticating", async () => {
      const { human, ctx } = await signedInHuman();
      const created = await handleCreateKey(await ctx(), { name: "render-worker" });
      assert.match(created.key, /^onr_ak_/);
      assert.equal(created.name, "render-worker");
      const db = await getDb();
      assert.ok(await resolveApiKey(db, created.key), "the new key works");
      const listed = (await loadApiKeys(db, human)).find((k) => k.id === created.id);
      assert.ok(listed && listed.key !== created.key && !listed.key.includes(created.key.slice(10, -4)));
      assert.ok(listed.key.endsWith(created.key.slice(-4)));

      const renamed = await handleRenameKey(await ctx(), { id: String(created.id), name: "  batch  " });
      assert.equal(renamed.name, "batch");
      assert.equal(
        (await failureOf(handleRenameKey(await ctx(), { id: created.id, name: " " }))).fieldErrors.name?.[0],
        "must not be empty",
      );

      await handleDeleteKey(await ctx(), { id: created.id });
      assert.equal(await resolveApiKey(db, created.key), null, "a deleted key stops at once");
      assert.equal((await failureOf(handleDeleteKey(await ctx(), { id: created.id }))).code, "not_found");
    });

    test("another account's key cannot be renamed or deleted (404), and bad ids are validation errors", async () => {
      const owner = await signedInHuman();
      const key = await handleCreateKey(await owner.ctx(), { name: "mine" });
      const { ctx } = await signedInHuman();
      assert.equal(
        (await failureOf(handleRenameKey(await ctx(), { id: key.id, name: "theirs" }))).code,
        "not_found",
      );
      assert.equal((await failureOf(handleDeleteKey(await ctx(), { id: key.id }))).code, "not_found");
      for (const id of ["abc", -1, 0, 1.5, "1e400"]) {
        assert.equal(
          (await failureOf(handleDeleteKey(await ctx(), { id }))).code,
          "validation_error",
          String(id),
        );
      }
      assert.equal(
        (await failureOf(handleCreateKey(await ctx(), { name: "x".repeat(101) }))).code,
        "validation_error",
      );
    });

    test("revoking an agent's token makes the API answer 401 to it on the next request", async () => {
      const { human, agent, ctx } = await signedInHuman();
      const laptop = await login(agent.email, "build-laptop");
      assert.equal((await me(laptop)).status, 200);
      const tokens = await loadTokens(await getDb(), human);
      const row = tokens.find((t) => t.name === "build-laptop");
      assert.ok(row);
      assert.equal(row.isCurrent, false, "a browser session is never a token");
      assert.ok(row.lastUsedAt, "last use is recorded");

      await handleRevokeToken(await ctx(), { id: row.id });
      const after = await me(laptop);
      assert.equal(after.status, 401);
      assert.equal(after.json.error.code, "unauthenticated");
      assert.equal((await me(agent.token)).status, 200, "the other tokens keep working");
      assert.equal((await failureOf(handleRevokeToken(await ctx(), { id: row.id }))).code, "not_found");

      const stranger = await signedInHuman();
      const theirs = (await loadTokens(await getDb(), stranger.human))[0];
      assert.ok(theirs);
      assert.equal((await failureOf(handleRevokeToken(await ctx(), { id: theirs.id }))).code, "not_found");
      assert.equal((await me(stranger.agent.token)).status, 200);
    });

    test("revoke all others keeps one; revoke all leaves none", async () => {
      const { human, agent, ctx } = await signedInHuman();
      const a = await login(agent.email, "agent-a");
      const b = await login(agent.email, "agent-b");
      const keep = (await loadTokens(await getDb(), human)).find((t) => t.name === "agent-a")!;
      assert.deepEqual(await handleRevokeAllTokens(await ctx(), { except_id: keep.id }), { revoked: 2 });
      assert.deepEqual(
        [(await me(a)).status, (await me(b)).status, (await me(agent.token)).status],
        [200, 401, 401],
      );
      assert.deepEqual(await handleRevokeAllTokens(await ctx(), {}), { revoked: 1 });
      assert.equal((await me(a)).status, 401);
      assert.deepEqual(await loadTokens(await getDb(), human), []);
    });
  });
}
