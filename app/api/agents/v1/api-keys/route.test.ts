import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { resolveApiKey } from "@/lib/api-keys/resolve-api-key";
import { getDb } from "@/lib/db/client";
import { apiKeys, users } from "@/lib/db/schema";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { type Agent, bearer, loginAs, onboard, send } from "../auth/test-support";
import * as keyRoute from "./[id]/route";
import * as keysRoute from "./route";

const listKeys = (token: string) =>
  send(keysRoute.GET, "/api/agents/v1/api-keys", { headers: bearer(token) });
const createKey = (token: string, body: unknown, headers: Record<string, string> = {}) =>
  send(keysRoute.POST, "/api/agents/v1/api-keys", {
    method: "POST",
    body,
    headers: { ...bearer(token), ...headers },
  });
const keyHandlers = { GET: keyRoute.GET, PUT: keyRoute.PUT, PATCH: keyRoute.PATCH, DELETE: keyRoute.DELETE };
const onKey = (
  method: "GET" | "PUT" | "PATCH" | "DELETE",
  token: string,
  id: number | string,
  body?: unknown,
) =>
  send(keyHandlers[method], `/api/agents/v1/api-keys/${id}`, {
    method,
    headers: bearer(token),
    params: { id: String(id) },
    ...(body === undefined ? {} : { body }),
  });
const MASKED = /^onr_ak_…[A-Za-z0-9_-]{4}$/;

for (const kind of availableDatabases()) {
  describe(`API keys on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    let alice: Agent;
    let bob: Agent;
    before(async () => {
      cleanup = await useFreshDatabase(kind);
      alice = await onboard();
      bob = await onboard();
    });
    after(() => cleanup());

    test("the default key from verify-email is listed masked and authenticates", async () => {
      const res = await listKeys(alice.token);
      assert.equal(res.status, 200);
      const [key] = res.json.data;
      assert.equal(res.json.data.length, 1);
      assert.equal(key.name, "Default");
      assert.equal(key.is_default, true);
      assert.match(key.key, MASKED);
      assert.ok(alice.apiKey.endsWith(key.key.slice(-4)));
      const db = await getDb();
      const resolved = await resolveApiKey(db, alice.apiKey);
      assert.equal(resolved?.apiKeyId, key.id);
      assert.equal(resolved?.userId, alice.userId);
      const [user] = await db.select().from(users).where(eq(users.id, alice.userId));
      assert.equal(resolved?.accountId, user?.personalAccountId);
    });

    test("create: 201 with the full key once; afterwards only masked; the database holds its hash", async () => {
      const res = await createKey(alice.token, { name: "render farm", notes: "batch jobs" });
      assert.equal(res.status, 201);
      const created = res.json.data;
      assert.match(created.key, /^onr_ak_[A-Za-z0-9_-]{49}$/);
      assert.equal(created.name, "render farm");
      assert.equal(created.notes, "batch jobs");
      assert.equal(created.is_default, false);
      assert.match(created.message, /not shown again/);

      const got = await onKey("GET", alice.token, created.id);
      assert.equal(got.status, 200);
      assert.match(got.json.data.key, MASKED);
      assert.equal(got.json.data.key.slice(-4), created.key.slice(-4));
      assert.equal((await listKeys(alice.token)).json.data[0].id, created.id, "newest first");

      const db = await getDb();
      const rows = await db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
      assert.ok(!JSON.stringify(rows).includes(created.key.slice(7, -4)));
      assert.match(rows[0]!.keyHash, /^[0-9a-f]{64}$/);
      assert.ok(await resolveApiKey(db, created.key));
    });

    test("create validation: a sent name must not be empty ({} gets a default name: client-aliases.test.ts), bounded lengths", async () => {
      for (const body of [{ name: "" }, { name: "x".repeat(101) }, { name: "ok", notes: "n".repeat(1001) }]) {
        const res = await createKey(alice.token, body);
        assert.equal(res.status, 422, JSON.stringify(body).slice(0, 60));
        assert.equal(res.json.error.code, "validation_error");
      }
    });

    test("update with PUT or PATCH: name and notes; null clears the notes", async () => {
      const { id } = (await createKey(alice.token, { name: "old", notes: "n" })).json.data;
      const put = await onKey("PUT", alice.token, id, { name: "new" });
      assert.equal(put.status, 200);
      assert.equal(put.json.data.name, "new");
      assert.equal(put.json.data.notes, "n");
      const patched = await onKey("PATCH", alice.token, id, { notes: null });
      assert.equal(patched.json.data.notes, null);
      assert.match(patched.json.data.key, MASKED);
      assert.equal((await onKey("PUT", alice.token, id, { name: "" })).status, 422);
    });

    test("delete: the key stops authenticating and disappears; a second delete → 404", async () => {
      const created = (await createKey(alice.token, { name: "short-lived" })).json.data;
      const res = await onKey("DELETE", alice.token, created.id);
      assert.equal(res.status, 200);
      assert.equal(res.json.data.deleted, true);
      const db = await getDb();
      assert.equal(await resolveApiKey(db, created.key), null);
      assert.equal((await onKey("GET", alice.token, created.id)).status, 404);
      assert.equal((await onKey("DELETE", alice.token, created.id)).status, 404);
      assert.ok((await listKeys(alice.token)).json.data.every((k: { id: number }) => k.id !== created.id));
    });

    test("isolation: another account's key ids are 404 on every route, and untouched", async () => {
      const bobs = (await createKey(bob.token, { name: "bob's", notes: "private" })).json.data;
      for (const res of [
        await onKey("GET", alice.token, bobs.id),
        await onKey("PUT", alice.token, bobs.id, { name: "pwned" }),
        await onKey("PATCH", alice.token, bobs.id, { notes: "pwned" }),
        await onKey("DELETE", alice.token, bobs.id),
      ]) {
        assert.equal(res.status, 404);
        assert.equal(res.json.error.code, "not_found");
      }
      const mine = await onKey("GET", bob.token, bobs.id);
      assert.equal(mine.json.data.name, "bob's");
      assert.equal(mine.json.data.notes, "private");
      assert.ok((await listKeys(alice.token)).json.data.every((k: { id: number }) => k.id !== bobs.id));
      for (const id of ["abc", "0", "99999999", "1e3"])
        assert.equal((await onKey("GET", alice.token, id)).status, 404);
    });

    test("resolveApiKey refuses malformed and unknown keys without trouble", async () => {
      const db = await getDb();
      const flipped = alice.apiKey.slice(0, -1) + (alice.apiKey.endsWith("A") ? "B" : "A");
      for (const bad of ["", "onr_ak_", flipped, alice.token, "x".repeat(10_000), `${alice.apiKey} `]) {
        assert.equal(await resolveApiKey(db, bad), null);
      }
    });

    test("scopes: reading needs api-keys:read, writing api-keys:write", async () => {
      const readOnly = (await loginAs(alice, { scopes: ["api-keys:read"] })).json.data.access_token;
      assert.equal((await listKeys(readOnly)).status, 200);
      const denied = await createKey(readOnly, { name: "nope" });
      assert.equal(denied.status, 403);
      assert.equal(denied.json.error.code, "insufficient_scope");
      assert.match(denied.headers.get("www-authenticate") ?? "", /scope="api-keys:write"/);
      const [first] = (await listKeys(readOnly)).json.data;
      assert.equal((await onKey("DELETE", readOnly, first.id)).status, 403);
      const writeOnly = (await loginAs(alice, { scopes: ["api-keys:write"] })).json.data.access_token;
      assert.equal((await listKeys(writeOnly)).status, 403);
      assert.equal((await onKey("GET", writeOnly, first.id)).status, 403);
    });
  });
}
