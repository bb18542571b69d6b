import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { test } from "node:test";
import { createLogger, scrub } from "./log";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger("info", stream), lines };
}

test("credentials are redacted by path", () => {
  const { logger, lines } = capture();
  logger.info(
    {
      authorization: "Bearer 1|onr_at_secret",
      password: "secret123",
      body: { api_key: "onr_ak_x", token: "t" },
      route: "/x",
    },
    "request",
  );
  const text = lines.join("");
  for (const secret of ["onr_at_secret", "secret123", "onr_ak_x"])
    assert.doesNotMatch(text, new RegExp(secret));
  assert.match(text, /"route":"\/x"/);
});

test("card numbers and Stripe secrets never reach a message", () => {
  const { logger, lines } = capture();
  logger.info("charging 4242 4242 4242 4242 with sk_test_abc123 and whsec_zzz");
  const text = lines.join("");
  assert.doesNotMatch(text, /4242 4242/);
  assert.doesNotMatch(text, /sk_test_abc123|whsec_zzz/);
  assert.equal(scrub("pm_123 for $25"), "pm_123 for $25");
});
