import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { test } from "node:test";
import Stripe from "stripe";
import { createStripeClient, STRIPE_API_VERSION } from "./client";

test("the app pins the SDK's own API version, the one the emulator answers by default", () => {
  assert.equal(STRIPE_API_VERSION, Stripe.API_VERSION);
  const sdk = createStripeClient({ secretKey: "sk_test_x" }) as unknown as { getApiField(k: string): string };
  assert.equal(sdk.getApiField("version"), Stripe.API_VERSION);
});
