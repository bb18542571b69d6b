import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { test } from "node:test";
import { expiresAtFor } from "./token-expiry";

test("expiry options: a week, calendar months, never", () => {
  const now = new Date("2026-01-31T10:00:00.000Z");
  assert.equal(expiresAtFor("1_week", now)?.toISOString(), "2026-02-07T10:00:00.000Z");
  assert.equal(expiresAtFor("1_month", now)?.toISOString(), "2026-02-28T10:00:00.000Z");
  assert.equal(expiresAtFor("3_months", now)?.toISOString(), "2026-04-30T10:00:00.000Z");
  assert.equal(
    expiresAtFor("1_month", new Date("2026-03-15T00:00:00Z"))?.toISOString(),
    "2026-04-15T00:00:00.000Z",
  );
  assert.equal(expiresAtFor("never", now), null);
});
