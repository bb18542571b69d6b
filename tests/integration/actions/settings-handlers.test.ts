import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { GET as meRoute } from "@/app/api/agents/v1/me/route";
import { resolveDashboardSession } from "@/lib/auth/dashboard-sessions";
import { getDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { getBillingInfo } from "@/lib/payments/billing-info";
import { checkPasswordSignIn } from "@/lib/sign-in/password-sign-in";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { call } from "@/tests/helpers/http";
import { signedInHuman } from "@/tests/helpers/human";
import { type TestStripe, useEmulator } from "@/tests/helpers/stripe";
import { toFailure } from "../../../lib/actions/result";
import {
  handleChangePassword,
  handleUpdateBillingInfo,
  handleUpdatePreferences,
  handleUpdateProfile,
} from "../../../lib/actions/settings-handlers";

const failureOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return toFailure(error);
  }
  assert.fail("expected the handler to fail");
};

for (const kind of availableDatabases()) {
  describe(`dashboard settings on ${kind}`, () => {
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

    test("profile: rename, a taken username is a field error, an emptied 'about' clears it", async () => {
      const { ctx } = await signedInHuman();
      const other = await signedInHuman();
      const saved = await handleUpdateProfile(await ctx(), {
        name: "Grace",
        username: "grace_h",
        about_me: "Builds agents",
      });
      assert.deepEqual(saved, { name: "Grace", username: "grace_h", aboutMe: "Builds agents" });
      assert.equal((await handleUpdateProfile(await ctx(), { about_me: "" })).aboutMe, null);
      const me = await call(meRoute, "/api/agents/v1/me", { headers: other.agent.auth });
      const taken = await failureOf(handleUpdateProfile(await ctx(), { username: me.json.data.username }));
      assert.deepEqual(taken.fieldErrors.username, ["is already taken"]);
      assert.equal(
        (await failureOf(handleUpdateProfile(await ctx(), { name: "" }))).code,
        "validation_error",
      );
    });

    test("password: the current one is required; a change ends browser sessions and can revoke agents", async () => {
      const { human, agent, ctx } = await signedInHuman();
      const wrong = await failureOf(
        handleChangePassword(await ctx(), {
          current_password: "nope",
          password: "new-password-1",
          password_confirmation: "new-password-1",
        }),
      );
      assert.deepEqual(wrong.fieldErrors.current_password, ["is incorrect"]);
      assert.equal(wrong.message, "Current password is incorrect.");
      const mismatch = await failureOf(
        handleChangePassword(await ctx(), {
          current_password: "secret123",
          password: "new-password-1",
          password_confirmation: "x",
        }),
      );
      assert.ok(mismatch.fieldErrors.password_confirmation);

      const done = await handleChangePassword(await ctx(), {
        current_password: "secret123",
        password: "new-password-1",
        password_confirmation: "new-password-1",
        revoke_other_tokens: "on",
      });
      assert.equal(done.revokedTokens, 1);
      assert.equal((await call(meRoute, "/api/agents/v1/me", { headers: agent.auth })).status, 401);
      const db = await getDb();
      assert.equal(
        await resolveDashboardSession(db, {
          sessionId: human.sessionId,
          userId: human.userId,
          accountId: human.accountId,
        }),
        null,
        "the browser session that changed it ends too (the action signs in again)",
      );
      assert.ok(await checkPasswordSignIn(db, { email: human.email, password: "new-password-1" }));
    });

    test("preferences and billing details (kept on the Stripe customer)", async () => {
      const { human, ctx } = await signedInHuman();
      assert.deepEqual(await handleUpdatePreferences(await ctx(), { nsfw_content: true }), {
        nsfwContent: true,
      });
      assert.deepEqual(await handleUpdatePreferences(await ctx(), { nsfw_content: false }), {
        nsfwContent: false,
      });
      const info = await handleUpdateBillingInfo(await ctx(), {
        name: "Acme Agents Ltd",
        email: "billing@acme.example",
        address_line1: "1 Main St",
        address_line2: "",
        address_city: "Springfield",
        address_country: "us",
        tax_id: "",
        tax_id_type: "",
      });
      assert.equal(info.name, "Acme Agents Ltd");
      const stored = await getBillingInfo(await getDb(), human.accountId);
      assert.equal(stored.kind === "profile" && stored.address.country, "US");
      const bad = await failureOf(handleUpdateBillingInfo(await ctx(), { address_country: "USA" }));
      assert.ok(bad.fieldErrors.address_country);
    });
  });
}
