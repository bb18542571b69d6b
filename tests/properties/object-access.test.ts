/**
 * AUTH-19 (IDOR) and the authorization matrix, over every /api/agents/v1 route found on disk:
 * - account B's token on every method of every route naming an object of account A → 404
 *   `not_found` (never 200, never 403: a 403 would confirm the object exists), and A's objects are
 *   untouched afterwards;
 * - random ids (well-formed or junk) → 404 on every such route, for A as for B (a property test);
 * - every route that needs a token: none → 401, junk → 401; a valid token lacking the route's
 *   declared scope → 403 insufficient_scope.
 */
import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import { resetEnvCache } from "@/lib/env";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { type AccountObjects, createAccountObjects } from "@/tests/helpers/account-objects";
import { type AgentRoute, discoverAgentRoutes, fillRoute, type Method } from "@/tests/helpers/agent-routes";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { envelopeProblems, send } from "@/tests/helpers/envelope-check";
import { ROUTE_IDS, VALID_BODIES } from "@/tests/helpers/route-ids";
import { type TestStripe, useEmulator } from "@/tests/helpers/stripe";

for (const name of ["AUTH", "BILLING", "GENERAL"]) process.env[`RATE_LIMIT_${name}_PER_MINUTE`] = "1000000";

const SEED = Number(process.env.FC_SEED ?? 20_260_802);
const RUNS = Number(process.env.FC_RUNS_IDOR ?? 50);

const routes = discoverAgentRoutes();
const owned = routes.filter((r) => (ROUTE_IDS[r.pattern] ?? []).some((s) => s.owner === "account"));
const withIds = routes.filter((r) => r.segments.length > 0 && r.pattern !== "/[[...path]]");

/** A valid body (as the asker would send it), so a refusal is about the object and not the payload. */
function bodyFor(route: AgentRoute, method: Method, asker: AccountObjects | null): string | undefined {
  if (method === "GET") return undefined;
  const valid = VALID_BODIES[`${method} ${route.pattern}`];
  return JSON.stringify(valid && asker ? valid(asker) : {});
}

async function ask(
  route: AgentRoute,
  method: Method,
  values: Record<string, string | string[]>,
  authorization: string | null,
  asker: AccountObjects | null = null,
) {
  const { path, params } = fillRoute(route, values);
  const headers = new Headers({ "content-type": "application/json" });
  if (authorization) headers.set("authorization", authorization);
  const answer = await send(route, method, { path, params, headers, body: bodyFor(route, method, asker) });
  assert.deepEqual(envelopeProblems(answer), [], `${method} ${path}: ${answer.text.slice(0, 300)}`);
  return { ...answer, path };
}

test("the object-access tables know every dynamic route on disk", () => {
  const unknown = routes.filter((r) => r.segments.length > 0 && !ROUTE_IDS[r.pattern]).map((r) => r.file);
  assert.deepEqual(unknown, [], "add an entry to tests/helpers/route-ids.ts");
  for (const route of withIds) {
    for (const spec of ROUTE_IDS[route.pattern]!) {
      assert.ok(spec.own, `${route.pattern}: an own() id is needed to test access to a real object`);
    }
    for (const method of route.implemented) {
      const schema = route.options[method]?.body;
      if (!schema || VALID_BODIES[`${method} ${route.pattern}`]) continue;
      assert.ok(
        schema.safeParse({}).success,
        `${method} ${route.pattern} refuses {}: add a valid body to VALID_BODIES in tests/helpers/route-ids.ts`,
      );
    }
  }
});

for (const kind of availableDatabases()) {
  describe(`object access on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    let stripe: TestStripe;
    let a: AccountObjects;
    let b: AccountObjects;

    before(async () => {
      resetEnvCache();
      resetRateLimiters();
      cleanup = await useFreshDatabase(kind);
      stripe = await useEmulator({ deliverWebhooks: true });
      a = await createAccountObjects(stripe);
      b = await createAccountObjects(stripe);
    });
    after(async () => {
      await stripe.emulator.webhooksIdle();
      await stripe.close();
      await cleanup();
    });

    test("AUTH-19: B's token on A's objects → 404 on every method of every route, and A's objects are untouched", async () => {
      let checked = 0;
      for (const route of owned) {
        for (const spec of ROUTE_IDS[route.pattern]!.filter((s) => s.owner === "account")) {
          const ids = spec.own!(a);
          for (const method of route.implemented) {
            const res = await ask(route, method, ids, `Bearer ${b.agent.token}`, b);
            assert.equal(res.status, 404, `${method} ${res.path} as B: ${res.text}`);
            assert.equal(res.json.error.code, "not_found", `${method} ${res.path}`);
            checked++;
          }
          // The object is real: its owner is not told 404 on a read.
          if (route.implemented.includes("GET")) {
            const own = await ask(route, "GET", ids, `Bearer ${a.agent.token}`);
            assert.notEqual(own.status, 404, `GET ${own.path} as its owner: ${own.text}`);
          }
        }
      }
      assert.ok(checked >= 20, `only ${checked} checks: the route tables lost their ids`);
      // Nothing B tried changed A's objects (the deletes and cancels above included).
      for (const route of owned.filter((r) => r.implemented.includes("GET"))) {
        for (const spec of ROUTE_IDS[route.pattern]!.filter((s) => s.owner === "account")) {
          const own = await ask(route, "GET", spec.own!(a), `Bearer ${a.agent.token}`);
          assert.ok(own.status < 400, `GET ${own.path} as its owner after B's attempts: ${own.status}`);
        }
      }
    });

    test("random ids → 404 on every route with an id, whoever asks (property)", async () => {
      for (const route of withIds) {
        const specs = ROUTE_IDS[route.pattern]!;
        const ids = fc.oneof(...specs.map((s) => s.unknown));
        await fc.assert(
          fc.asyncProperty(
            ids,
            fc.constantFrom(...route.implemented),
            fc.boolean(),
            async (values, method, asA) => {
              const asker = asA ? a : b;
              const res = await ask(route, method, values, `Bearer ${asker.agent.token}`, asker);
              assert.equal(res.status, 404, `${method} ${res.path}: ${res.text}`);
            },
          ),
          { seed: SEED, numRuns: RUNS },
        );
      }
    });

    test("authorization matrix: no token or a junk one → 401; a token without the route's scope → 403", async () => {
      let scoped = 0;
      for (const route of routes) {
        const values = Object.fromEntries(
          route.segments.map((s) => [s.name, s.catchAll ? ["x"] : "1"] as const),
        ) as Record<string, string | string[]>;
        const own = ROUTE_IDS[route.pattern]?.[0]?.own?.(a) ?? values;
        for (const method of route.implemented) {
          const options = route.options[method]!;
          if (!options.auth) continue;
          for (const authorization of [
            null,
            "Bearer 1|onr_at_forged",
            `Bearer ${a.agent.apiKey}`,
            "Basic eDp5",
          ]) {
            const res = await ask(route, method, own, authorization);
            assert.equal(res.status, 401, `${method} ${res.path} with ${authorization}: ${res.text}`);
            assert.equal(res.json.error.code, "unauthenticated");
          }
          if (options.scope) {
            const res = await ask(route, method, own, `Bearer ${a.narrowToken}`);
            assert.equal(res.status, 403, `${method} ${res.path} without ${options.scope}: ${res.text}`);
            assert.equal(res.json.error.code, "insufficient_scope");
            assert.equal(res.json.error.details.required_scope, options.scope);
            scoped++;
          }
        }
      }
      assert.ok(scoped >= 50, `only ${scoped} scoped route methods found`);
    });
  });
}
