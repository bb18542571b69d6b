import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { declinedError } from "@/lib/payments/intent-outcome";
import { InsufficientBalance } from "@/lib/wallet/ledger";
import { toFailure } from "../action-result";
import type { Frame } from "../output";
import { envelope } from "../outputs/envelope";
import { modelslab } from "../outputs/modelslab";
import { wireDetails } from "./errors";

const frame = { requestId: "req_test", headers: {} } as unknown as Frame;

describe("error details on the wire", () => {
  test("insufficient_balance: cents on the error, USD in the 402's details", async () => {
    const error = new InsufficientBalance(1250, 100_000);
    assert.equal(error.details, undefined, "the domain error carries no dollars");
    assert.deepEqual(wireDetails(error), { balance: 12.5, required: 1000, currency: "USD" });

    const { wire } = envelope().fail(error, frame);
    assert.equal(wire.status, 402);
    assert.deepEqual(await wire.json(), {
      data: null,
      error: {
        code: "insufficient_balance",
        message: "The wallet balance is too low for this charge.",
        details: { balance: 12.5, required: 1000, currency: "USD" },
      },
      meta: { request_id: "req_test" },
    });
    assert.deepEqual(envelope().idempotency?.storeError(error, frame), {
      data: null,
      error: {
        code: "insufficient_balance",
        message: "The wallet balance is too low for this charge.",
        details: { balance: 12.5, required: 1000, currency: "USD" },
      },
    });
    const generation = await modelslab().fail(error, frame).wire.json();
    assert.deepEqual(generation.details, { balance: 12.5, required: 1000, currency: "USD" });
    assert.deepEqual(toFailure(error).details, { balance: 12.5, required: 1000, currency: "USD" });
  });

  test("payment_declined keeps decline_code and payment_intent_id in its 402 details", async () => {
    const error = declinedError({
      paymentIntentId: "pi_declined",
      declineCode: "insufficient_funds",
      message: "Your card has insufficient funds.",
    });
    const { wire } = envelope().fail(error, frame);
    assert.equal(wire.status, 402);
    const body = await wire.json();
    assert.deepEqual(body.error, {
      code: "payment_declined",
      message: "Your card has insufficient funds.",
      details: { decline_code: "insufficient_funds", payment_intent_id: "pi_declined" },
    });
    assert.equal(toFailure(error).details?.decline_code, "insufficient_funds");
  });
});
