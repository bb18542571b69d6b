import assert from "node:assert/strict";
import { test } from "node:test";
import { DataStore, hashKey, STALE_MS } from "./store";

/** A load that answers from `answers` in turn (an Error is thrown) and counts its calls. */
function loader(...answers: unknown[]) {
  const calls = { count: 0 };
  const load = async () => {
    const answer = answers[Math.min(calls.count, answers.length - 1)];
    calls.count++;
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { load, calls };
}

/** Resolves once the key's snapshot stops fetching. */
async function settled(store: DataStore, key: readonly unknown[]) {
  for (let i = 0; i < 500 && store.snapshot(key).fetching; i++) await new Promise((r) => setTimeout(r, 5));
  return store.snapshot(key);
}

test("keys hash alike whatever the order of an object's fields", () => {
  assert.equal(
    hashKey(["transactions", { offset: 0, limit: 20 }]),
    hashKey(["transactions", { limit: 20, offset: 0 }]),
  );
  assert.notEqual(hashKey(["transactions", { offset: 0 }]), hashKey(["transactions", { offset: 20 }]));
});

test("server data seeds the cache, and an older copy never replaces a newer one", () => {
  const store = new DataStore();
  assert.equal(store.snapshot(["wallet"]).status, "pending");
  store.seed(["wallet"], { balance: 5 }, 2_000);
  store.seed(["wallet"], { balance: 1 }, 1_000);
  assert.deepEqual(store.snapshot(["wallet"]), {
    data: { balance: 5 },
    error: null,
    status: "success",
    fetching: false,
  });
  store.seed(["wallet"], { balance: 9 }, 3_000);
  assert.deepEqual(store.snapshot(["wallet"]).data, { balance: 9 });
});

test("fresh data is not loaded again; missing or stale data is", async () => {
  const store = new DataStore();
  const { load, calls } = loader(["card"]);
  store.seed(["cards"], [], Date.now());
  store.ensure(["cards"], load);
  assert.equal(calls.count, 0);

  store.seed(["tokens"], [], Date.now() - STALE_MS - 1);
  store.ensure(["tokens"], load);
  assert.deepEqual((await settled(store, ["tokens"])).data, ["card"]);
  assert.equal(calls.count, 1);
});

test("invalidating a prefix reloads the keys under it that are on screen, and only those", async () => {
  const store = new DataStore();
  const pageOne = loader({ page: 1, fresh: true });
  const pageTwo = loader({ page: 2, fresh: true });
  const wallet = loader({ balance: 7 });
  const now = Date.now();
  store.seed(["transactions", { offset: 0 }], { page: 1 }, now);
  store.seed(["transactions", { offset: 20 }], { page: 2 }, now);
  store.seed(["wallet"], { balance: 1 }, now);
  const seen: string[] = [];
  store.subscribe(["transactions", { offset: 0 }], pageOne.load, () => seen.push("page 1"));
  store.subscribe(["wallet"], wallet.load, () => seen.push("wallet"));
  // Page 2 is cached but nothing shows it: it is only marked stale.
  await store.invalidate(["transactions"]);

  assert.deepEqual(store.snapshot(["transactions", { offset: 0 }]).data, { page: 1, fresh: true });
  assert.equal(pageTwo.calls.count, 0);
  assert.deepEqual(store.snapshot(["transactions", { offset: 20 }]).data, { page: 2 });
  assert.equal(wallet.calls.count, 0);
  assert.ok(seen.includes("page 1") && !seen.includes("wallet"));

  store.ensure(["transactions", { offset: 20 }], pageTwo.load);
  assert.deepEqual((await settled(store, ["transactions", { offset: 20 }])).data, { page: 2, fresh: true });
});

test("a load already running when data changes is followed by another, so the change shows", async () => {
  const store = new DataStore();
  let release: () => void = () => {};
  let calls = 0;
  const load = async () => {
    calls++;
    if (calls === 1) await new Promise<void>((resolve) => (release = resolve));
    return { calls };
  };
  store.subscribe(["cards"], load, () => {});
  store.ensure(["cards"], load);
  const reloaded = store.invalidate(["cards"]);
  release();
  await reloaded;
  assert.equal(calls, 2);
  assert.deepEqual(store.snapshot(["cards"]).data, { calls: 2 });
});

test("a failed load is retried once; a second failure is reported and the last data kept", async () => {
  const store = new DataStore();
  const flaky = loader(new Error("blip"), ["ok"]);
  store.subscribe(["api-keys"], flaky.load, () => {});
  store.ensure(["api-keys"], flaky.load);
  const recovered = await settled(store, ["api-keys"]);
  assert.equal(recovered.status, "success");
  assert.deepEqual(recovered.data, ["ok"]);
  assert.equal(flaky.calls.count, 2);

  const down = loader(new Error("down"));
  store.subscribe(["api-keys"], down.load, () => {});
  await store.invalidate(["api-keys"]);
  const failed = store.snapshot(["api-keys"]);
  assert.equal(failed.status, "error");
  assert.equal(failed.error?.message, "down");
  assert.deepEqual(failed.data, ["ok"]);
  assert.equal(down.calls.count, 2);
});
