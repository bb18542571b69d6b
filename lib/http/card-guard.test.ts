import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { luhnValid } from "@/lib/luhn";
import { carriesCardData, containsCardField, containsPan } from "./card-guard";

describe("card guard", () => {
  test("Luhn", () => {
    assert.equal(luhnValid("4242424242424242"), true);
    assert.equal(luhnValid("4242424242424241"), false);
  });

  for (const pan of [
    "4242 4242 4242 4242",
    "5555555555554444",
    "378282246310005",
    "6011-1111-1111-1117",
    "4000002500003155",
  ]) {
    test(`refuses ${pan} anywhere in a body`, () => {
      assert.equal(containsPan(JSON.stringify({ note: `pay with ${pan} please` })), true);
      assert.equal(containsPan(`{"amount":25,"x":${pan.replace(/\D/g, "")}}`), true);
    });
  }

  const accepted = {
    "Luhn-invalid 16 digits": "4242424242424241",
    uuid: "123e4567-e89b-12d3-a456-426614174000",
    "all-digit uuid": "12345678-1234-1234-1234-123456789012",
    "epoch ms": String(1764403200000),
    "epoch ms Luhn-valid": "1764403200003",
    "stripe ids": "pm_1Q4242424242424242abc cus_5555555555554444x",
    "decimal amount": "4242424242.424242",
    "short number": "424242424242",
  };
  for (const [name, text] of Object.entries(accepted)) {
    test(`accepts ${name}`, () => {
      assert.equal(containsPan(JSON.stringify({ value: text })), false, text);
    });
  }

  test("card field names are refused whatever their value", () => {
    for (const key of ["number", "card_number", "cvc", "cvv", "exp_month", "card", "card[number]"]) {
      assert.equal(containsCardField({ nested: [{ [key]: "x" }] }), true, key);
    }
    assert.equal(containsCardField({ amount: 25, payment_method_id: "pm_123", plan_id: 10 }), false);
    assert.equal(carriesCardData('{"amount":25}', { amount: 25 }), false);
  });
});
