import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as keyRoute from "@/app/api/agents/v1/api-keys/[id]/route";
import * as keysRoute from "@/app/api/agents/v1/api-keys/route";
import { type Agent, bearer, loginAs, onboard, send } from "@/app/api/agents/v1/auth/test-support";
import { resolveApiKey } from "@/lib/api-keys/resolve-api-key";
import {
  API_KEY_CACHE_TTL_MS,
  apiKeyCacheEpoch,
  cachedApiKey,
  forgetApiKeysLocally,
  rememberApiKey,
} from "@/lib/auth/api-key-cache";
import { forgetAccountMember, forgetToken } from "@/lib/auth/token-cache";
import { getDb } from "@/lib/db/client";
import { sha256Hex } from "@/lib/secrets/bearer-secrets";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";

const entry = (storedAtMs: number) => ({
  apiKeyId: 1,
  accountId: "a",
  userId: "u",
  name: "k",
  lastUsedAtMs: storedAtMs,
  storedAtMs,
});

describe("API-key cache rules", () => {
  test("nothing is stored for the TTL after a forget, nor by a lookup that began before it", () => {
    const now = Date.now();
    forgetApiKeysLocally(now);
    rememberApiKey("d1", entry(now + 1), apiKeyCacheEpoch(), true);
    assert.equal(cachedApiKey("d1", now + 2), undefined, "a lookup inside the quiet window is not stored");
    const later = now + API_KEY_CACHE_TTL_MS;
    rememberApiKey("d1", entry(later), apiKeyCacheEpoch(), true);
    assert.ok(cachedApiKey("d1", later), "one after it is");
    const epoch = apiKeyCacheEpoch();
    forgetApiKeysLocally(now - API_KEY_CACHE_TTL_MS);
    assert.equal(cachedApiKey("d1", later), undefined, "a forget drops what was stored");
    rememberApiKey("d2", entry(later), epoch, true);
    assert.equal(cachedApiKey("d2", later), undefined, "a lookup that began before the forget is not stored");
  });

  test("an entry lives at most the TTL, and only once the process listens", () => {
    const start = Date.now() + 10 * API_KEY_CACHE_TTL_MS;
    rememberApiKey("d3", entry(start), apiKeyCacheEpoch(), false);
    assert.equal(cachedApiKey("d3", start), undefined, "not stored before the process listens");
    rememberApiKey("d3", entry(start), apiKeyCacheEpoch(), true);
    assert.ok(cachedApiKey("d3", start + API_KEY_CACHE_TTL_MS - 1));
    assert.equal(cachedApiKey("d3", start + API_KEY_CACHE_TTL_MS), undefined);
  });

  test("a member's removal or role change forgets the keys; one token's revocation does not", async () => {
    const start = Date.now() + 20 * API_KEY_CACHE_TTL_MS;
    rememberApiKey("d4", entry(start), apiKeyCacheEpoch(), true);
    await forgetToken(12345);
    assert.ok(cachedApiKey("d4", start), "a token revocation leaves the keys");
    await forgetAccountMember("account", "user");
    assert.equal(cachedApiKey("d4", start), undefined);
  });
});

const createKey = (token: string, name: string) =>
  send(keysRoute.POST, "/api/agents/v1/api-keys", { method: "POST", body: { name }, headers: bearer(token) });
const onKey = (method: "PATCH" | "DELETE", token: string, id: number, body?: unknown) =>
  send(method === "PATCH" ? keyRoute.PATCH : keyRoute.DELETE, `/api/agents/v1/api-keys/${id}`, {
    method,
    headers: bearer(token),
    params: { id: String(id) },
    ...(body === undefined ? {} : { body }),
  });

/** Resolves the key until the cache holds it. */
async function warm(key: string): Promise<void> {
  const db = await getDb();
  for (let i = 0; i < 3; i++) assert.ok(await resolveApiKey(db, key));
  assert.ok(cachedApiKey(sha256Hex(key), Date.now()), "the key is remembered after use");
}

for (const kind of availableDatabases()) {
  describe(`API-key cache on ${kind}: every revocation is seen on the very next request`, () => {
    let cleanup: () => Promise<void>;
    let agent: Agent;
    before(async () => {
      cleanup = await useFreshDatabase(kind);
      agent = await onboard();
      // The quiet window after the test above's forgets.
      await new Promise((resolve) => setTimeout(resolve, API_KEY_CACHE_TTL_MS));
    });
    after(async () => cleanup());

    test("DELETE /api-keys/{id}", async () => {
      const created = (await createKey(agent.token, "doomed")).json.data;
      await warm(created.key);
      assert.equal((await onKey("DELETE", agent.token, created.id)).status, 200);
      assert.equal(await resolveApiKey(await getDb(), created.key), null);
    });

    test("a rename is seen at once (the audit trail's label)", async () => {
      const created = (await createKey(agent.token, "before")).json.data;
      await new Promise((resolve) => setTimeout(resolve, API_KEY_CACHE_TTL_MS));
      await warm(created.key);
      assert.equal((await onKey("PATCH", agent.token, created.id, { name: "after" })).status, 200);
      assert.equal((await resolveApiKey(await getDb(), created.key))?.name, "after");
    });

    test("a device key replaced by the next login from the device (inside login's transaction)", async () => {
      const first = await loginAs(agent, { device_name: "laptop" });
      assert.equal(first.status, 200, JSON.stringify(first.json));
      const oldKey: string = first.json.data.api_key;
      await new Promise((resolve) => setTimeout(resolve, API_KEY_CACHE_TTL_MS));
      await warm(oldKey);
      const second = await loginAs(agent, { device_name: "laptop" });
      assert.equal(second.status, 200);
      assert.notEqual(second.json.data.api_key, oldKey);
      assert.equal(await resolveApiKey(await getDb(), oldKey), null);
      assert.ok(await resolveApiKey(await getDb(), second.json.data.api_key));
    });
  });
}
