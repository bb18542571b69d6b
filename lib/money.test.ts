import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  dollarsToMinor,
  formatUsd,
  minorToUsd,
  nearestCents,
  percentOfMinor,
  prorateMinor,
  roundUsd,
  shareOfMinor,
  usdDecimal,
  usdFixed,
  usdToMinor,
} from "./money";
import { usdAmount } from "./money/field";

test("usdToMinor is exact and refuses anything that is not a 2-decimal amount", () => {
  assert.equal(usdToMinor(25), 2500);
  assert.equal(usdToMinor(0.29), 29);
  assert.equal(usdToMinor(10.5), 1050);
  assert.equal(usdToMinor(1e3), 100000);
  assert.equal(usdToMinor("19.99"), 1999);
  for (const bad of [
    -1,
    10.555,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    2 ** 53,
    1e21,
    "1e3",
    "",
    "abc",
    "-5",
  ]) {
    assert.equal(usdToMinor(bad), null, String(bad));
  }
});

test("minorToUsd and formatUsd", () => {
  assert.equal(minorToUsd(2500), 25);
  assert.equal(minorToUsd(1050), 10.5);
  assert.equal(minorToUsd(-350), -3.5);
  assert.equal(formatUsd(2500), "$25.00");
  assert.equal(formatUsd(123456789), "$1,234,567.89");
  assert.equal(formatUsd(-350), "-$3.50");
});

test("usdAmount validates the range and outputs cents", () => {
  const schema = usdAmount(10, 10_000);
  assert.equal(schema.parse(25), 2500);
  assert.equal(schema.parse(10_000), 1_000_000);
  for (const bad of [0, -1, 9.99, 10_000.01, 10.555, "100", null]) {
    assert.equal(schema.safeParse(bad).success, false, String(bad));
  }
});

test("sums of random integer amounts stay exact", () => {
  let total = 0;
  let expected = 0n;
  for (let i = 0; i < 10_000; i++) {
    const cents = Math.floor(Math.random() * 1_000_000);
    total += usdToMinor(minorToUsd(cents)) ?? Number.NaN;
    expected += BigInt(cents);
  }
  assert.equal(BigInt(total), expected);
});

test("the conversions other modules used to write by hand give the same numbers", () => {
  for (const cents of [0, 1, 29, 1050, 2500, 123456789]) {
    assert.equal(usdDecimal(cents), minorToUsd(cents).toFixed(2), String(cents));
    assert.equal(minorToUsd(cents), cents / 100, String(cents));
  }
  assert.equal(usdDecimal(-350), "-3.50");
  assert.equal(dollarsToMinor(25), 2500);
  assert.equal(nearestCents(0.1 + 0.2), 30);
  assert.equal(nearestCents(12.5), 1250);
  assert.equal(nearestCents(0.125), null);
  assert.equal(prorateMinor(1000, 0.3333), 333);
  assert.equal(percentOfMinor(2999, 10), 299);
  assert.equal(shareOfMinor(500, 1000, 3000), 166);
  assert.equal(roundUsd(0.1 + 0.2), 0.3);
  assert.equal(usdFixed(1234.5), "$1234.50");
  assert.equal(formatUsd(1250.5), "$12.51", "a chart tick between cents is rounded");
});
