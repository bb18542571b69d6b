import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Payment } from "@/lib/wallet/settle-payment";
import { presentBillingInfo, presentPaymentStatus, presentStripeConfig } from "./payments";

const AT = new Date("2026-03-04T05:06:07.000Z");

const payment = (over: Partial<Payment> = {}): Payment => ({
  id: "pi_123",
  accountId: "00000000-0000-4000-8000-000000000002",
  purpose: "fund",
  amountMinor: 1250,
  currency: "usd",
  status: "requires_action",
  paymentMethodId: "pm_1",
  declineCode: null,
  failureMessage: null,
  actorUserId: null,
  actorKind: "agent",
  createdAt: AT,
  updatedAt: AT,
  ...over,
});

describe("payment presenters", () => {
  test("a payment waiting for 3-D Secure or the bank is `pending`; stripe_status says which", () => {
    assert.deepEqual(presentPaymentStatus(payment()), {
      status: "pending",
      stripe_status: "requires_action",
      payment_intent_id: "pi_123",
      amount: 12.5,
      currency: "usd",
      purpose: "fund",
      decline_code: null,
      next_action_url: "http://127.0.0.1:3999/pay/authenticate/pi_123",
      updated_at: "2026-03-04T05:06:07.000Z",
    });
    const processing = presentPaymentStatus(payment({ status: "processing" }));
    assert.deepEqual(
      [processing.status, processing.stripe_status, processing.next_action_url],
      ["pending", "processing", null],
    );
    const failed = presentPaymentStatus(payment({ status: "failed", declineCode: "insufficient_funds" }));
    assert.deepEqual(
      [failed.status, failed.decline_code, failed.next_action_url],
      ["failed", "insufficient_funds", null],
    );
  });

  test("billing info with the request's field names; a deleted customer keeps its short shape", () => {
    assert.deepEqual(
      presentBillingInfo({
        kind: "profile",
        name: "Acme",
        email: null,
        address: {
          line1: "1 Main St",
          line2: null,
          city: "Springfield",
          state: null,
          postalCode: "12345",
          country: "US",
        },
        taxId: "DE123",
        taxIdType: "eu_vat",
      }),
      {
        name: "Acme",
        email: null,
        address_line1: "1 Main St",
        address_line2: null,
        address_city: "Springfield",
        address_state: null,
        address_postal_code: "12345",
        address_country: "US",
        tax_id: "DE123",
        tax_id_type: "eu_vat",
      },
    );
    assert.deepEqual(presentBillingInfo({ kind: "deleted" }), {
      name: null,
      email: null,
      address: null,
      tax_id: null,
      tax_id_type: null,
    });
  });

  test("stripe-config tells the agent where to tokenize, at the API base it names", () => {
    const config = presentStripeConfig({
      publishableKey: "pk_test_x",
      apiBase: "http://127.0.0.1:12111",
      mode: "test_emulator",
    });
    assert.deepEqual(Object.keys(config), ["publishable_key", "api_base", "mode", "instructions"]);
    assert.match(config.instructions, /^Create a PaymentMethod directly with Stripe/);
    assert.match(config.instructions, /POST http:\/\/127\.0\.0\.1:12111\/v1\/payment_methods /);
  });
});
