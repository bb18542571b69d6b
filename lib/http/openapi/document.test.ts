/**
 * The checked-in OpenAPI document (document.json, served at /api/agents/v1/openapi.json) matches
 * the routes on disk, is valid OpenAPI 3.1, and describes what each route declares.
 */
import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { generateDocument, routeEntries, serialize } from "@/scripts/openapi";
import checkedIn from "./document.json";

const REGENERATE = "run `npm run openapi` and commit lib/http/openapi/document.json";

type Operation = Record<string, any>;
const operation = (method: string, path: string): Operation | undefined =>
  (checkedIn.paths as Record<string, Record<string, Operation>>)[path]?.[method.toLowerCase()];

describe("the OpenAPI document", () => {
  const entries = routeEntries();

  test("every route and method on disk has an operation in the checked-in document", () => {
    const missing = entries
      .filter((e) => !operation(e.method, e.path))
      .map((e) => `${e.method} ${e.path} (${e.file})`);
    assert.deepEqual(missing, [], `routes without an entry: ${REGENERATE}`);
    const onDisk = new Set(entries.map((e) => `${e.method} ${e.path}`));
    const stale = Object.entries(checkedIn.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => !path.startsWith("/api/"))
      .flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`))
      .filter((key) => !onDisk.has(key));
    assert.deepEqual(stale, [], `operations of routes that are gone: ${REGENERATE}`);
  });

  test("the checked-in document is what the routes generate today", () => {
    const fresh = generateDocument();
    if (serialize(fresh) !== serialize(checkedIn)) {
      for (const [path, item] of Object.entries(fresh.paths as Record<string, unknown>)) {
        assert.deepEqual(
          (checkedIn.paths as Record<string, unknown>)[path],
          item,
          `${path} changed: ${REGENERATE}`,
        );
      }
      assert.deepEqual(checkedIn, fresh, `the document is stale: ${REGENERATE}`);
    }
  });

  test("is valid OpenAPI 3.1", async () => {
    const result = await new Validator().validate(
      structuredClone(checkedIn) as unknown as Parameters<Validator["validate"]>[0],
    );
    assert.equal(result.valid, true, JSON.stringify(result.errors)?.slice(0, 2000));
    assert.equal(checkedIn.openapi, "3.1.0");
  });

  test("every route declares the schema of its 2xx data, and the document carries it", () => {
    const undeclared = entries
      .filter((e) => e.options.response === undefined)
      .map((e) => `${e.method} ${e.path} (${e.file})`);
    assert.deepEqual(
      undeclared,
      [],
      "add `response:` to these routes' agentRoute options — a zod schema of the envelope's `data` (or `{201: …, 202: …}`), kept beside the presenters in lib/http/present/schemas — then run `npm run openapi`",
    );
    for (const entry of entries.filter((e) => e.options.response !== null)) {
      const op = operation(entry.method, entry.path)!;
      const success = Object.entries(op.responses as Record<string, Operation>).filter(([status]) =>
        status.startsWith("2"),
      );
      assert.ok(success.length > 0, `${entry.method} ${entry.path} documents a 2xx`);
      for (const [status, response] of success) {
        const data = response.content?.["application/json"]?.schema?.properties?.data;
        assert.ok(
          data && Object.keys(data).length > 0,
          `${entry.method} ${entry.path} ${status}: its data has a schema, not "anything"`,
        );
      }
    }
  });

  test("each operation carries its scope, permission, rate-limit group, idempotency and door errors", () => {
    for (const entry of entries) {
      const op = operation(entry.method, entry.path)!;
      const where = `${entry.method} ${entry.path}`;
      const { options } = entry;
      assert.equal(op["x-required-scope"], options.auth ? (options.scope ?? null) : null, where);
      assert.equal(op["x-required-permission"], options.auth ? (options.permission ?? null) : null, where);
      assert.match(op["x-rate-limit-group"], /^agent-|^pages$/, where);
      assert.equal(op["x-idempotent"], Boolean(options.idempotent && options.auth), where);
      const codes = JSON.stringify(op.responses);
      for (const code of [
        "rate_limited",
        ...(options.auth ? ["unauthenticated"] : []),
        ...(options.auth && options.scope ? ["insufficient_scope"] : []),
        ...(options.body || options.query ? ["validation_error"] : []),
        ...(options.params ? ["not_found"] : []),
        ...(options.idempotent && options.auth ? ["idempotency_key_reused"] : []),
        ...(options.errors ?? []),
      ]) {
        assert.ok(codes.includes(`Error_${code}"`), `${where} lists ${code}`);
      }
      if (options.body) assert.ok(op.requestBody, `${where} has its request body`);
      if (options.idempotent && options.auth) {
        assert.ok(JSON.stringify(op.parameters).includes("IdempotencyKey"), `${where} takes Idempotency-Key`);
      }
    }
  });

  test("payment_provider_error is documented at 502 and at 503 (Stripe unreachable or rate limiting) wherever a route declares it", () => {
    const declaring = entries.filter((e) => e.options.errors?.includes("payment_provider_error"));
    assert.ok(declaring.length > 0);
    for (const entry of declaring) {
      const op = operation(entry.method, entry.path)!;
      for (const status of ["502", "503"]) {
        assert.ok(
          JSON.stringify(op.responses[status] ?? null).includes('Error_payment_provider_error"'),
          `${entry.method} ${entry.path} lists payment_provider_error at ${status}`,
        );
      }
    }
  });

  test("the declared examples: login's aliases, fund's 202, path and query parameters", () => {
    const login = operation("POST", "/auth/login")!;
    const body = JSON.stringify(login.requestBody);
    for (const field of ["token_expiry", "expiry", "device_name", "6_months", "1_year"]) {
      assert.ok(body.includes(`"${field}"`), `login documents ${field}`);
    }
    assert.ok(login.responses["401"], "invalid_credentials");
    const fund = operation("POST", "/wallet/fund")!;
    assert.ok(fund.responses["200"] && fund.responses["202"] && fund.responses["402"]);
    assert.equal(fund["x-rate-limit-group"], "agent-billing");
    const key = operation("GET", "/api-keys/{id}")!;
    assert.ok(key.parameters.some((p: { in: string; name: string }) => p.in === "path" && p.name === "id"));
    const history = operation("GET", "/usage/history")!;
    const names = history.parameters.map((p: { name: string }) => p.name);
    for (const name of ["from", "to", "limit", "per_page", "page"]) assert.ok(names.includes(name), name);
    assert.equal(operation("GET", "/openapi.json")?.security?.length, 0, "public");
  });
});
