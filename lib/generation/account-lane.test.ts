import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { test } from "node:test";
import { AppError } from "@/lib/errors";
import { inAccountLane } from "./account-lane";

const tick = () => new Promise((resolve) => setImmediate(resolve));

test("an account's lane runs two at a time, in arrival order, and frees its slot on failure", async () => {
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  const gates: Array<() => void> = [];
  const jobs = Array.from({ length: 6 }, (_, i) =>
    inAccountLane("acct-a", async () => {
      running++;
      peak = Math.max(peak, running);
      order.push(i);
      await new Promise<void>((resolve) => gates.push(resolve));
      running--;
      if (i === 1) throw new Error("boom");
      return i;
    }).then(
      (value) => ({ ok: true, value }),
      () => ({ ok: false, value: i }),
    ),
  );
  // Another account is not held up by acct-a's queue.
  assert.equal(await inAccountLane("acct-b", async () => "b"), "b");
  while (order.length < 6 || gates.length > 0) {
    await tick();
    gates.shift()?.();
  }
  const results = await Promise.all(jobs);
  assert.equal(peak, 2);
  assert.deepEqual(order, [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(
    results.map((r) => r.ok),
    [true, false, true, true, true, true],
  );
});

test("a lane with too many waiting refuses with 503 and Retry-After", async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const queued = Array.from({ length: 5_002 }, () => inAccountLane("acct-c", () => held));
  const refused = await inAccountLane("acct-c", async () => "ran").catch((e: unknown) => e);
  assert.ok(refused instanceof AppError);
  assert.equal(refused.status, 503);
  assert.equal(refused.headers?.["Retry-After"], "1");
  release();
  await Promise.all(queued);
  assert.equal(await inAccountLane("acct-c", async () => "ran"), "ran");
});
