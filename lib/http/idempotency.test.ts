import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { idempotencyRecords } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import {
  beginIdempotent,
  claimIdempotencyRecord,
  fingerprint,
  finishIdempotent,
  forgetLocalExecutions,
  isStorable,
  parseIdempotencyKey,
  purgeIdempotencyRecords,
} from "./idempotency";

test("key format: 1–255 printable ASCII, sf-string quotes removed", () => {
  assert.equal(parseIdempotencyKey(null), null);
  assert.equal(parseIdempotencyKey('"abc"'), "abc");
  assert.equal(parseIdempotencyKey("abc"), "abc");
  assert.equal(parseIdempotencyKey("x".repeat(255))?.length, 255);
  for (const bad of ["", "x".repeat(256), "a\u0000b", "clé", "has space"]) {
    assert.throws(
      () => parseIdempotencyKey(bad),
      (e: unknown) => e instanceof AppError && e.code === "invalid_idempotency_key",
    );
  }
});

test("fingerprint ignores key order and whitespace but not values, method or path", () => {
  const a = fingerprint("POST", "/w", { amount: 10, pm: "pm_1" });
  assert.equal(a, fingerprint("post", "/w", { pm: "pm_1", amount: 10 }));
  assert.notEqual(a, fingerprint("POST", "/w", { amount: 20, pm: "pm_1" }));
  assert.notEqual(a, fingerprint("POST", "/other", { amount: 10, pm: "pm_1" }));
});

test("what is stored", () => {
  assert.equal(isStorable(200, undefined), true);
  assert.equal(isStorable(402, "payment_declined"), true);
  assert.equal(isStorable(409, "conflict"), true);
  for (const [s, c] of [
    [422, "validation_error"],
    [401, "unauthenticated"],
    [403, "forbidden"],
    [429, "rate_limited"],
    [500, "internal_error"],
    [502, "payment_provider_error"],
  ] as const) {
    assert.equal(isStorable(s, c), false, `${s} ${c}`);
  }
});

for (const kind of availableDatabases()) {
  describe(`idempotency records on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    before(async () => {
      cleanup = await useFreshDatabase(kind);
    });
    after(() => cleanup());

    const req = (key: string, body: unknown = { amount: 25 }, scope = "acct_a") => ({
      scope,
      key,
      method: "POST",
      path: "/api/agents/v1/wallet/fund",
      body,
    });

    test("50 concurrent claims with one key on the database (as 50 instances): exactly one executes", async () => {
      const db = await getDb();
      const key = randomUUID();
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, () => claimIdempotencyRecord(db, req(key))),
      );
      const executed = results.filter((r) => r.status === "fulfilled" && r.value.kind === "execute");
      const inUse = results.filter(
        (r) =>
          r.status === "rejected" &&
          r.reason instanceof AppError &&
          r.reason.code === "idempotency_key_in_use",
      );
      assert.equal(executed.length, 1);
      assert.equal(inUse.length, 49);
      const retryAfter = Number((inUse[0] as PromiseRejectedResult).reason.headers["Retry-After"]);
      assert.ok(retryAfter >= 1 && retryAfter <= 60);
    });

    test("50 concurrent starts with one key in one process: one claim on the database, one executes, 49 × 409", async () => {
      const db = await getDb();
      const key = randomUUID();
      const statements = { insert: 0 };
      const watched = new Proxy(db, {
        get(target, prop, receiver) {
          if (prop === "insert") statements.insert++;
          return Reflect.get(target, prop, receiver);
        },
      });
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, () => beginIdempotent(watched, req(key))),
      );
      const executed = results.filter((r) => r.status === "fulfilled" && r.value.kind === "execute");
      const inUse = results.filter(
        (r) =>
          r.status === "rejected" &&
          r.reason instanceof AppError &&
          r.reason.code === "idempotency_key_in_use",
      );
      assert.equal(executed.length, 1);
      assert.equal(inUse.length, 49);
      assert.equal(statements.insert, 1, "the 50 shared one claim");
      if (executed[0]?.status === "fulfilled" && executed[0].value.kind === "execute") {
        await finishIdempotent(db, executed[0].value.recordId, {
          status: 200,
          body: { data: {}, error: null },
        });
      }
    });

    test("a duplicate of a key this process is executing is a 409 without a database round trip; released when finished", async () => {
      const db = await getDb();
      const key = randomUUID();
      const first = await beginIdempotent(db, req(key));
      if (first.kind !== "execute") assert.fail("expected execute");
      const untouchable = new Proxy({} as typeof db, {
        get: () => {
          throw new Error("the database was touched");
        },
      });
      await assert.rejects(beginIdempotent(untouchable, req(key)), (e: unknown) => {
        assert.ok(e instanceof AppError && e.code === "idempotency_key_in_use", String(e));
        assert.equal(e.headers?.["Retry-After"], "1");
        return true;
      });
      // Another body under the same key is for the database to judge (422), not the local hint.
      await assert.rejects(beginIdempotent(untouchable, req(key, { amount: 99 })), /database was touched/);
      await finishIdempotent(db, first.recordId, { status: 200, body: { data: { ok: true }, error: null } });
      assert.deepEqual(await beginIdempotent(db, req(key)), {
        kind: "replay",
        status: 200,
        body: { data: { ok: true }, error: null },
      });
    });

    test("completed → replay; different body or path → 422; other account → its own execution", async () => {
      const db = await getDb();
      const key = randomUUID();
      const first = await beginIdempotent(db, req(key));
      assert.equal(first.kind, "execute");
      if (first.kind !== "execute") return;
      await finishIdempotent(db, first.recordId, {
        status: 200,
        body: { data: { balance: 25 }, error: null },
      });
      const again = await beginIdempotent(db, req(key, { amount: 25 }));
      assert.deepEqual(again, { kind: "replay", status: 200, body: { data: { balance: 25 }, error: null } });
      await assert.rejects(
        beginIdempotent(db, req(key, { amount: 26 })),
        (e: unknown) => e instanceof AppError && e.code === "idempotency_key_reused",
      );
      await assert.rejects(
        beginIdempotent(db, { ...req(key), path: "/api/agents/v1/subscriptions" }),
        (e: unknown) => e instanceof AppError && e.code === "idempotency_key_reused",
      );
      const other = await beginIdempotent(db, req(key, { amount: 25 }, "acct_b"));
      assert.equal(other.kind, "execute");
    });

    test("not stored: a validation 422 deletes the record; a 5xx keeps it resumable under the same id", async () => {
      const db = await getDb();
      const key = randomUUID();
      const first = await beginIdempotent(db, req(key));
      assert.equal(first.kind, "execute");
      if (first.kind !== "execute") return;
      await finishIdempotent(db, first.recordId, { status: 422, body: {}, code: "validation_error" });
      const rows = await db
        .select()
        .from(idempotencyRecords)
        .where(eq(idempotencyRecords.id, first.recordId));
      assert.equal(rows.length, 0);

      const second = await beginIdempotent(db, req(key, { amount: 30 }));
      assert.equal(second.kind, "execute");
      if (second.kind !== "execute") return;
      await finishIdempotent(db, second.recordId, { status: 502, body: {}, code: "payment_provider_error" });
      const resumed = await beginIdempotent(db, req(key, { amount: 30 }));
      assert.deepEqual(resumed, { kind: "execute", recordId: second.recordId });
    });

    test("402 outcomes are stored and replayed", async () => {
      const db = await getDb();
      const key = randomUUID();
      const first = await beginIdempotent(db, req(key));
      if (first.kind !== "execute") assert.fail("expected execute");
      const body = { data: null, error: { code: "payment_declined", message: "declined" } };
      await finishIdempotent(db, first.recordId, { status: 402, body, code: "payment_declined" });
      assert.deepEqual(await beginIdempotent(db, req(key)), { kind: "replay", status: 402, body });
    });

    test("an expired lease can be taken over (the first holder died)", async () => {
      const db = await getDb();
      const key = randomUUID();
      const first = await beginIdempotent(db, req(key));
      if (first.kind !== "execute") assert.fail("expected execute");
      await db
        .update(idempotencyRecords)
        .set({ lockedUntil: new Date(Date.now() - 1000) })
        .where(eq(idempotencyRecords.id, first.recordId));
      // The holder died: its process, and what it knew it was executing, are gone.
      forgetLocalExecutions();
      assert.deepEqual(await beginIdempotent(db, req(key)), { kind: "execute", recordId: first.recordId });
      await assert.rejects(
        beginIdempotent(db, req(key)),
        (e: unknown) => e instanceof AppError && e.code === "idempotency_key_in_use",
      );
    });

    test("purge keeps records younger than the retention window", async () => {
      const db = await getDb();
      const young = randomUUID();
      const old = randomUUID();
      await beginIdempotent(db, req(young, {}, "acct_purge"));
      await beginIdempotent(db, req(old, {}, "acct_purge"));
      await db
        .update(idempotencyRecords)
        .set({ createdAt: new Date(Date.now() - 25 * 3_600_000) })
        .where(eq(idempotencyRecords.key, old));
      const atAlmost24h = await purgeIdempotencyRecords(db, 24, new Date(Date.now() - 2 * 3_600_000));
      assert.equal(atAlmost24h, 0);
      assert.ok((await purgeIdempotencyRecords(db, 24)) >= 1);
      const left = await db
        .select()
        .from(idempotencyRecords)
        .where(eq(idempotencyRecords.scope, "acct_purge"));
      assert.deepEqual(
        left.map((r) => r.key),
        [young],
      );
    });
  });
}
