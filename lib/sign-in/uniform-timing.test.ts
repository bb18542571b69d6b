import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { getDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { presentForgotPassword } from "@/lib/http/present/auth";
import { useFreshDatabase } from "@/tests/helpers/database";
import { forgotPassword } from "./forgot-password";
import { answerNoSoonerThanFloor } from "./uniform-timing";

let cleanup: () => Promise<void>;
before(async () => {
  process.env.AUTH_RESPONSE_FLOOR_MS = "120";
  resetEnvCache();
  cleanup = await useFreshDatabase("pglite");
});
after(async () => {
  process.env.AUTH_RESPONSE_FLOOR_MS = "0";
  resetEnvCache();
  await cleanup();
});

// Lower bounds only: a slow machine can make these take longer, never shorter.
test("an unknown address waits out the floor like a known one would", async () => {
  const started = performance.now();
  const answer = await forgotPassword(await getDb(), { email: "nobody@example.com" });
  assert.ok(performance.now() - started >= 119, "answered before the floor");
  assert.match(presentForgotPassword(answer).message, /If nobody@example\.com has an account/);
});

test("a failure also waits out the floor before it surfaces", async () => {
  const started = performance.now();
  await assert.rejects(
    answerNoSoonerThanFloor(async () => {
      throw new Error("database went away");
    }),
    /database went away/,
  );
  assert.ok(performance.now() - started >= 119);
});

test("work slower than the floor is not delayed further", async () => {
  process.env.AUTH_RESPONSE_FLOOR_MS = "10";
  resetEnvCache();
  const value = await answerNoSoonerThanFloor(async () => {
    await new Promise((resolve) => setTimeout(resolve, 30));
    return 42;
  });
  assert.equal(value, 42);
});
