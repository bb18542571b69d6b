import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { test } from "node:test";
import { useFreshDatabase as freshDatabase } from "@/tests/helpers/database";
import { createLogger, replaceLogger, scrub } from "../../lib/log";

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

test("a PAN anywhere is redacted: paths, object fields at any depth, arrays, numbers, error messages", () => {
  const { logger, lines } = capture();
  logger.info(
    {
      route: "/api/agents/v1/payments/4242424242424242/status",
      glued: "pi_5555555555554444x",
      spaced: "card 4242 4242 4242 4242 exp 12 30",
      dashed: "6011-1111-1111-1117",
      amex: "378282246310005",
      deep: { a: { b: { c: ["x", { d: "5555 5555 5555 4444 1" }] } } },
      as_number: 4242424242424242,
      err: new Error("insert failed for 4000056655665556"),
    },
    "request",
  );
  const text = lines.join("");
  for (const pan of [
    "4242424242424242",
    "5555555555554444",
    "4242 4242",
    "6011-1111",
    "378282246310005",
    "4000056655665556",
    "5555 5555",
  ]) {
    assert.doesNotMatch(text, new RegExp(pan), pan);
  }
  assert.match(text, /"route":"\/api\/agents\/v1\/payments\/\[REDACTED_PAN\]\/status"/);
  assert.match(text, /"as_number":"\[REDACTED_PAN\]"/);
});

test("numbers that are not PANs pass: Luhn-invalid runs, epoch milliseconds, short numbers, UUIDs", () => {
  assert.equal(scrub("order 4242424242424241 at 1796305653740"), "order 4242424242424241 at 1796305653740");
  assert.equal(scrub("id 123e4567-e89b-12d3-a456-426614174000"), "id 123e4567-e89b-12d3-a456-426614174000");
  const { logger, lines } = capture();
  logger.info({ duration_ms: 12.5, at: 1796305653740, count: 42 }, "x");
  assert.match(lines.join(""), /"at":1796305653740/);
});

test("codes, reset tokens and our secrets: /verify/{code}, vc_ codes, token= in URLs, keys and tokens keep prefix + last 4", () => {
  const code = "vc_abcdefghijklmnopqrstuvwxyz";
  const key = "onr_ak_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ";
  const token = "12|onr_at_ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkjihgf";
  const reset = "q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c";
  const { logger, lines } = capture();
  logger.info(
    {
      route: `/verify/${code}`,
      document: `http://127.0.0.1:3000/reset-password?token=${reset}&email=a%40b.c`,
      note: `agent used ${key} and ${token}`,
      nested: { list: [{ api_key: key, reset_token: reset, verification_code: code }] },
      message_with_json: `body {"password":"hunter2!","token":"${reset}"}`,
    },
    `verifying ${code}`,
  );
  const text = lines.join("");
  for (const secret of [code.slice(3), reset, key.slice(7, -4), token.slice(10, -4), "hunter2!"]) {
    assert.doesNotMatch(text, new RegExp(secret.replace(/[|]/g, "\\|")), secret);
  }
  assert.match(text, /\/verify\/\[REDACTED\]/);
  assert.match(text, /token=\[REDACTED\]&email=/);
  assert.match(text, /onr_ak_…GHIJ/);
  assert.match(text, /12\|onr_at_…jihgf|12\|onr_at_…ihgf/);
});

test("the door kit's request log: a PAN or a verification code in the path never reaches the log", async () => {
  const { logger, lines } = capture();
  replaceLogger(logger);
  try {
    const code = "vc_abcdefghijklmnopqrstuvwxyz";
    const { GET: catchAll } = await import("@/app/api/agents/v1/[[...path]]/route");
    const { GET: verifyPage } = await import("@/app/verify/[code]/route");
    const { GET: v6 } = await import("@/app/api/v6/[...path]/route");
    const cleanup = await freshDatabase("pglite");
    try {
      await catchAll(new Request("http://127.0.0.1/api/agents/v1/cards/4242424242424242"), {
        params: Promise.resolve({ path: ["cards", "4242424242424242"] }),
      });
      await verifyPage(new Request(`http://127.0.0.1/verify/${code}`), {
        params: Promise.resolve({ code }),
      });
      await v6(new Request("http://127.0.0.1/api/v6/cards/5555555555554444"), {
        params: Promise.resolve({ path: ["cards", "5555555555554444"] }),
      });
    } finally {
      await cleanup();
    }
    const text = lines.join("");
    assert.match(text, /"msg":"request"/);
    assert.doesNotMatch(text, /4242424242424242|5555555555554444|abcdefghijklmnopqrstuvwxyz/);
    assert.match(text, /\/cards\/\[REDACTED_PAN\]/);
    assert.match(text, /\/verify\/\[REDACTED\]/);
  } finally {
    replaceLogger(undefined);
  }
});
