import assert from "node:assert/strict";
import { test } from "node:test";
import { routeLabel } from "./route-label";

test("ids in paths become their segment names, so each route is one series", () => {
  assert.equal(routeLabel("/api/health", {}), "/api/health");
  assert.equal(
    routeLabel("/api/agents/v1/payments/pi_123/status", { id: "pi_123" }),
    "/api/agents/v1/payments/[id]/status",
  );
  assert.equal(routeLabel("/api/v6/a/b/c", { path: ["a", "b", "c"] }), "/api/v6/[...path]");
  assert.equal(routeLabel("/receipts/a%20b", { id: "a b" }), "/receipts/[id]");
});
