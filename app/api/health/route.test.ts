import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { closeDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { useFreshDatabase } from "@/tests/helpers/database";
import { call } from "@/tests/helpers/http";
import { useEmulator } from "@/tests/helpers/stripe";
import { GET } from "./route";

after(() => closeDb());

test("200 with what the instance runs on", async () => {
  const cleanup = await useFreshDatabase("pglite");
  const stripe = await useEmulator();
  try {
    const res = await call(GET, "/api/health");
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.data, { status: "ok", database: "pglite", stripe: "emulator", mail: "outbox" });
    assert.equal(res.json.error, null);
    assert.equal(res.headers.get("x-request-id"), res.json.meta.request_id);
  } finally {
    await stripe.close();
    await cleanup();
  }
});

test("stripe: unconfigured when there are no keys and no emulator answers; stripe with real keys", async () => {
  const cleanup = await useFreshDatabase("pglite");
  const stripe = await useEmulator();
  const port = stripe.emulator.port;
  await stripe.close();
  process.env.STRIPE_EMULATOR_PORT = String(port);
  resetEnvCache();
  try {
    const res = await call(GET, "/api/health");
    assert.equal(res.status, 200, "payments being down does not make the instance unhealthy");
    assert.equal(res.json.data.stripe, "unconfigured");
    process.env.STRIPE_SECRET_KEY = "sk_test_health";
    process.env.STRIPE_PUBLISHABLE_KEY = "pk_test_health";
    resetEnvCache();
    assert.equal((await call(GET, "/api/health")).json.data.stripe, "stripe");
  } finally {
    delete process.env.STRIPE_EMULATOR_PORT;
    delete process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_PUBLISHABLE_KEY;
    resetEnvCache();
    await cleanup();
  }
});

test("503 when the database is unreachable", async () => {
  await closeDb();
  process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:1/nothing";
  resetEnvCache();
  try {
    const res = await call(GET, "/api/health");
    assert.equal(res.status, 503);
    assert.equal(res.json.error.code, "service_unavailable");
    assert.equal(res.json.error.details.database, "postgres");
  } finally {
    delete process.env.DATABASE_URL;
    resetEnvCache();
  }
});
