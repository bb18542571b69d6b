import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import * as keysRoute from "@/app/api/agents/v1/api-keys/route";
import { type Agent, bearer, loginAs, onboard, send } from "@/app/api/agents/v1/auth/test-support";
import { getDb } from "@/lib/db/client";
import { apiKeys, idempotencyRecords } from "@/lib/db/schema";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";

const create = (token: string, key: string, body: unknown) =>
  send(keysRoute.POST, "/api/agents/v1/api-keys", {
    method: "POST",
    body,
    headers: { ...bearer(token), "idempotency-key": key },
  });

for (const kind of availableDatabases()) {
  describe(`Idempotency-Key through the door (POST /api-keys) on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    let agent: Agent;
    before(async () => {
      cleanup = await useFreshDatabase(kind);
      agent = await onboard();
    });
    after(() => cleanup());

    test("50 concurrent requests with one key: one key created, the rest replay it or wait; no 5xx", async () => {
      const key = randomUUID();
      const name = `burst-${key}`;
      const results = await Promise.all(Array.from({ length: 50 }, () => create(agent.token, key, { name })));

      const statuses = results.map((r) => r.status);
      assert.ok(
        statuses.every((s) => s < 500),
        `no 5xx: ${statuses.join(",")}`,
      );
      const originals = results.filter((r) => r.status === 201 && r.json.idempotency_replay === undefined);
      const replays = results.filter((r) => r.status === 201 && r.json.idempotency_replay === true);
      const inUse = results.filter((r) => r.status === 409);
      assert.equal(originals.length, 1, "exactly one original");
      assert.equal(
        originals.length + replays.length + inUse.length,
        50,
        `only 201 or 409: ${statuses.join(",")}`,
      );
      for (const r of inUse) {
        assert.equal(r.json.error.code, "idempotency_key_in_use");
        assert.ok(Number(r.headers.get("retry-after")) >= 1);
      }
      const original = originals[0]!.json.data;
      assert.match(original.key, /^onr_ak_[A-Za-z0-9_-]{49}$/);
      for (const r of replays) {
        assert.equal(r.headers.get("idempotent-replayed"), "true");
        assert.equal(r.json.data.id, original.id);
        assert.equal(r.json.data.key, `onr_ak_…${original.key.slice(-4)}`, "a replay never shows the secret");
        assert.match(r.json.data.message, /not shown again/);
      }

      const db = await getDb();
      assert.equal((await db.select().from(apiKeys).where(eq(apiKeys.name, name))).length, 1, "one row");
      const records = await db.select().from(idempotencyRecords);
      assert.ok(records.length >= 1);
      assert.ok(!JSON.stringify(records).includes(original.key), "the plaintext key is never stored");
      assert.ok(!JSON.stringify(records).includes(original.key.slice(7, -4)));

      // Once settled, a retry is a replay.
      const later = await create(agent.token, key, { name });
      assert.equal(later.status, 201);
      assert.equal(later.json.idempotency_replay, true);
      assert.equal(later.headers.get("idempotent-replayed"), "true");
      assert.equal(later.json.data.id, original.id);
      // The same key with another body is refused.
      const reused = await create(agent.token, key, { name: "something else" });
      assert.equal(reused.status, 422);
      assert.equal(reused.json.error.code, "idempotency_key_reused");
    });

    test("keys are scoped per account: another account's identical key creates its own", async () => {
      const other = await onboard();
      const key = randomUUID();
      const a = await create(agent.token, key, { name: "same" });
      const b = await create(other.token, key, { name: "same" });
      assert.equal(a.status, 201);
      assert.equal(b.status, 201);
      assert.equal(b.json.idempotency_replay, undefined);
      assert.notEqual(a.json.data.id, b.json.data.id);
    });

    test("a token without api-keys:write → 403 insufficient_scope with WWW-Authenticate; nothing stored", async () => {
      const token = (await loginAs(agent, { scopes: ["profile:read"] })).json.data.access_token;
      const key = randomUUID();
      const res = await create(token, key, { name: "denied" });
      assert.equal(res.status, 403);
      assert.equal(res.json.error.code, "insufficient_scope");
      assert.deepEqual(res.json.error.details, {
        required_scope: "api-keys:write",
        granted_scopes: ["profile:read"],
      });
      assert.equal(
        res.headers.get("www-authenticate"),
        'Bearer realm="onramp", error="insufficient_scope", scope="api-keys:write"',
      );
      const db = await getDb();
      assert.equal(
        (await db.select().from(idempotencyRecords).where(eq(idempotencyRecords.key, key))).length,
        0,
      );
      assert.equal((await db.select().from(apiKeys).where(eq(apiKeys.name, "denied"))).length, 0);
    });
  });
}
