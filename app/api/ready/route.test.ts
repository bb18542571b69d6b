import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { sql } from "drizzle-orm";
import { closeDb, getDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { closeRedis } from "@/lib/redis";
import { beginShutdown, resetShutdown } from "@/lib/shutdown";
import { useFreshDatabase } from "@/tests/helpers/database";
import { call } from "@/tests/helpers/http";
import { GET } from "./route";

after(async () => {
  await closeRedis();
  await closeDb();
});

test("200 ready: database answering, migrations applied, no Redis configured", async () => {
  const cleanup = await useFreshDatabase("pglite");
  try {
    const res = await call(GET, "/api/ready");
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.data, {
      status: "ready",
      database: "ok",
      migrations: "ok",
      redis: "not_configured",
      draining: false,
    });
  } finally {
    await cleanup();
  }
});

test("503 while draining for a shutdown, so the load balancer stops sending traffic", async () => {
  const cleanup = await useFreshDatabase("pglite");
  try {
    beginShutdown();
    const res = await call(GET, "/api/ready");
    assert.equal(res.status, 503);
    assert.equal(res.json.error.code, "service_unavailable");
    assert.equal(res.json.error.details.draining, true);
    assert.equal(res.headers.get("retry-after"), "5");
  } finally {
    resetShutdown();
    await cleanup();
  }
});

test("503 when a migration of this build is not applied", async () => {
  const cleanup = await useFreshDatabase("pglite");
  try {
    const db = await getDb();
    // As if an older build had migrated this database: its newest migration is missing.
    await db.execute(
      sql`delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`,
    );
    const res = await call(GET, "/api/ready");
    assert.equal(res.status, 503);
    assert.equal(res.json.error.details.migrations, "pending");
    assert.equal(res.json.error.details.database, "ok");
  } finally {
    await cleanup();
  }
});

test("503 when Redis is configured but does not answer; 503 when the database is unreachable", async () => {
  const cleanup = await useFreshDatabase("pglite");
  process.env.REDIS_URL = "redis://127.0.0.1:1";
  resetEnvCache();
  await closeRedis();
  try {
    const res = await call(GET, "/api/ready");
    assert.equal(res.status, 503);
    assert.equal(res.json.error.details.redis, "unreachable");
  } finally {
    delete process.env.REDIS_URL;
    await closeRedis();
    resetEnvCache();
    await cleanup();
  }
  process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:1/nothing";
  resetEnvCache();
  try {
    const res = await call(GET, "/api/ready");
    assert.equal(res.status, 503);
    assert.equal(res.json.error.details.database, "unreachable");
    assert.equal(res.json.error.details.migrations, "unknown");
  } finally {
    delete process.env.DATABASE_URL;
    resetEnvCache();
    await closeDb();
  }
});
