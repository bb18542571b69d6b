import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { stripe } from "@/lib/stripe/client";
import { type TestStripe, useEmulator } from "@/tests/helpers/stripe";
import { planOfPrice, syncCatalogue, syncPlansToStripe } from "./plan-prices";
import { findPlan, PLANS } from "./plans";

let s: TestStripe;
before(async () => {
  s = await useEmulator();
});
after(async () => {
  await s.close();
});

const counts = async () => {
  const stats = await s.helper("/_emulator/stats");
  return { products: stats.objects.product as number, prices: stats.objects.price as number };
};

test("the catalogue syncs once: a second boot (or instance) creates nothing", async () => {
  const first = await syncPlansToStripe();
  assert.equal(first.size, PLANS.length);
  const after1 = await counts();
  assert.equal(after1.products, PLANS.length);
  assert.equal(after1.prices, PLANS.length);
  const again = await syncCatalogue();
  assert.deepEqual([...again.entries()], [...first.entries()]);
  assert.deepEqual(await counts(), after1);

  const price = await stripe().prices.retrieve(first.get(10) ?? "");
  assert.equal(price.unit_amount, 24_900);
  assert.equal(price.recurring?.interval, "month");
  assert.equal(price.lookup_key, "onramp_plan_10");
  assert.equal(planOfPrice(price)?.id, 10);
  const yearly = await stripe().prices.retrieve(first.get(12) ?? "");
  assert.equal(yearly.recurring?.interval, "year");
});

test("a new price for a plan replaces the old one, which subscribers keep and nobody new buys", async () => {
  const plan = findPlan(1);
  assert.ok(plan);
  const before = await syncCatalogue([plan]);
  const oldId = before.get(1) ?? "";
  const changed = await syncCatalogue([{ ...plan, priceMinor: 1_200, name: "Basic (new price)" }]);
  const newId = changed.get(1) ?? "";
  assert.notEqual(newId, oldId);
  const [oldPrice, newPrice, product] = await Promise.all([
    stripe().prices.retrieve(oldId),
    stripe().prices.retrieve(newId),
    stripe().products.retrieve("onramp_plan_1"),
  ]);
  assert.equal(oldPrice.active, false);
  assert.equal(oldPrice.lookup_key, null);
  assert.equal(newPrice.unit_amount, 1_200);
  assert.equal(newPrice.lookup_key, "onramp_plan_1");
  assert.equal(product.name, "Basic (new price)");
  // Both prices still name their plan (grandfathered subscribers keep theirs).
  assert.equal(planOfPrice(oldPrice)?.id, 1);
  assert.equal(planOfPrice(newPrice)?.id, 1);

  // Back to the old amount the same day: the old price is active under the lookup key again.
  const reverted = await syncCatalogue([plan]);
  const revertedPrice = await stripe().prices.retrieve(reverted.get(1) ?? "");
  assert.equal(revertedPrice.unit_amount, plan.priceMinor);
  assert.equal(revertedPrice.active, true);
  assert.equal(revertedPrice.lookup_key, "onramp_plan_1");
  assert.equal((await stripe().prices.retrieve(newId)).active, false);
});
