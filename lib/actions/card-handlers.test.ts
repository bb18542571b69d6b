import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { getDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { loadCards } from "@/lib/query/loaders";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { setUpCard, signedInHuman } from "@/tests/helpers/human";
import { type TestStripe, useEmulator } from "@/tests/helpers/stripe";
import { handleRemoveCard, handleSaveCard, handleSetDefaultCard, handleStartSetup } from "./card-handlers";
import { toFailure } from "./result";

const failureOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return toFailure(error);
  }
  assert.fail("expected the handler to fail");
};

for (const kind of availableDatabases()) {
  describe(`dashboard card actions on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    let stripe: TestStripe;
    before(async () => {
      resetEnvCache();
      resetRateLimiters();
      cleanup = await useFreshDatabase(kind);
      stripe = await useEmulator();
    });
    after(async () => {
      await stripe.close();
      await cleanup();
    });

    test("SetupIntent → confirmed in the browser → saved; default, switch default, remove", async () => {
      const { human, ctx } = await signedInHuman();
      const setup = await handleStartSetup(await ctx());
      assert.match(setup.client_secret, /^seti_.+_secret_/);

      const visa = await handleSaveCard(await ctx(), {
        payment_method_id: await setUpCard(stripe, await ctx()),
        make_default: false,
      });
      assert.equal(visa.last4, "4242");
      assert.equal(visa.is_default, true, "the first card becomes the default whatever was asked");
      const mc = await handleSaveCard(await ctx(), {
        payment_method_id: await setUpCard(stripe, await ctx(), "5555555555554444"),
        make_default: "true",
      });
      assert.equal(mc.is_default, true);
      let cards = await loadCards(await getDb(), human);
      assert.deepEqual(
        cards.map((c) => [c.last4, c.is_default]),
        [
          ["4242", false],
          ["4444", true],
        ],
      );

      await handleSetDefaultCard(await ctx(), { id: visa.id });
      await handleRemoveCard(await ctx(), { id: visa.id });
      cards = await loadCards(await getDb(), human);
      assert.deepEqual(
        cards.map((c) => [c.last4, c.is_default]),
        [["4444", true]],
        "removing the default promotes the next card",
      );
    });

    test("a declining card cannot be set up; another account's card is a 404", async () => {
      const { ctx } = await signedInHuman();
      await assert.rejects(setUpCard(stripe, await ctx(), "4000000000000002"), /declined/);

      const owner = await signedInHuman();
      const card = await handleSaveCard(await owner.ctx(), {
        payment_method_id: await setUpCard(stripe, await owner.ctx()),
      });
      for (const handler of [handleSetDefaultCard, handleRemoveCard]) {
        const failure = await failureOf(handler(await ctx(), { id: card.id }));
        assert.equal(failure.code, "not_found");
      }
      const bad = await failureOf(handleSetDefaultCard(await ctx(), { id: "card_4242" }));
      assert.equal(bad.code, "validation_error");
      assert.ok(bad.fieldErrors.id);
    });
  });
}
