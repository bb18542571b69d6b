import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { test } from "node:test";
import { AppError } from "@/lib/errors";
import { toAppError } from "./unexpected-error";

/** drizzle's wrapper: "Failed query: …" with the driver's error as its cause. */
const failedQuery = (sql: string, cause: Error) => new Error(`Failed query: ${sql}\nparams: `, { cause });

test("a connection cut mid-transaction is 503 service_unavailable with Retry-After, whichever statement meets it", () => {
  const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
  const cases = [
    failedQuery("insert into idempotency_record …", reset),
    failedQuery("rollback", new Error("Client has encountered a connection error and is not queryable")),
    failedQuery("select 1", new Error("Connection terminated unexpectedly")),
    failedQuery(
      "select 1",
      Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
    ),
  ];
  for (const error of cases) {
    const app = toAppError(error, "req_test");
    assert.equal(app.code, "service_unavailable", String(error.cause));
    assert.equal(app.status, 503);
    assert.equal(app.headers?.["Retry-After"], "5");
  }
});

test("anything else is a 500 that names the request id and nothing of the cause", () => {
  const app = toAppError(failedQuery("select 1", new Error('relation "x" does not exist')), "req_abc");
  assert.equal(app.code, "internal_error");
  assert.match(app.message, /req_abc/);
  assert.doesNotMatch(app.message, /relation/);
  assert.equal(toAppError(new AppError("not_found", "No."), "req_x").code, "not_found");
});
