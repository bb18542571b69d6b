/**
 * PBT-03/04 (reliability §10.11): every /api/agents/v1 route and method, found on disk, gets a few
 * hundred junk requests — bodies, query strings, Authorization, Idempotency-Key, Content-Type and
 * Accept — in-process against PGlite and the Stripe emulator. Each answer must be < 500, in the
 * envelope, without internals in its message; junk credentials never authenticate.
 * Seeded: FC_SEED and FC_RUNS override the seed and the runs per route and method.
 */
import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import { issueAccessToken } from "@/lib/auth/issue-access-token";
import { resolveBearerToken } from "@/lib/auth/resolve-bearer";
import { getDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { type AccountObjects, createAccountObjects } from "@/tests/helpers/account-objects";
import { type AgentRoute, discoverAgentRoutes, fillRoute, type Method } from "@/tests/helpers/agent-routes";
import { useFreshDatabase } from "@/tests/helpers/database";
import { envelopeProblems, send } from "@/tests/helpers/envelope-check";
import { fuzzRequests } from "@/tests/helpers/fuzz-requests";
import { ROUTE_IDS, type SegmentValues } from "@/tests/helpers/route-ids";
import { type TestStripe, useEmulator } from "@/tests/helpers/stripe";
import { fieldNames } from "@/tests/helpers/zod-fields";

// Hundreds of requests per route: the limiters have their own tests.
for (const name of ["AUTH", "BILLING", "GENERAL"]) process.env[`RATE_LIMIT_${name}_PER_MINUTE`] = "1000000";

const SEED = Number(process.env.FC_SEED ?? 20_260_801);
const RUNS = Number(process.env.FC_RUNS ?? 200);
// What a request with junk credentials may still be told: nothing past authentication.
const PRE_AUTH_CODES = new Set([
  "unauthenticated",
  "raw_card_data_rejected",
  "payload_too_large",
  "rate_limited",
]);

describe(`agents API fuzz (seed ${SEED}, ${RUNS} runs per route and method)`, () => {
  const routes = discoverAgentRoutes();
  let cleanup: () => Promise<void>;
  let stripe: TestStripe;
  let objects: AccountObjects;
  let mintToken: () => Promise<string>;
  let token: string;
  const timings: string[] = [];

  before(async () => {
    resetEnvCache();
    resetRateLimiters();
    cleanup = await useFreshDatabase("pglite");
    stripe = await useEmulator({ deliverWebhooks: true });
    objects = await createAccountObjects(stripe);
    const db = await getDb();
    const principal = await resolveBearerToken(db, objects.agent.token);
    if (!principal) throw new Error("the fuzz account's token does not resolve");
    // logout, logout-all and revoke-others are fuzzed too: a revoked token is replaced.
    mintToken = async () =>
      (
        await issueAccessToken(db, {
          userId: principal.userId,
          accountId: principal.accountId,
          name: "fuzz",
          expiry: "1_week",
          scopes: ["*"],
        })
      ).plaintext;
    token = await mintToken();
  });
  after(async () => {
    console.log(`fuzz timings (ms):\n${timings.join("\n")}`);
    await stripe.emulator.webhooksIdle();
    await stripe.close();
    await cleanup();
  });

  test("every dynamic route on disk has id generators (a new one must be added to tests/helpers/route-ids.ts)", () => {
    const missing = routes.filter((r) => r.segments.length > 0 && !ROUTE_IDS[r.pattern]).map((r) => r.file);
    assert.deepEqual(missing, []);
    const stale = Object.keys(ROUTE_IDS).filter((p) => !routes.some((r) => r.pattern === p));
    assert.deepEqual(stale, [], "ids for routes that no longer exist");
  });

  for (const route of routes) {
    for (const method of route.implemented) {
      test(`${method} ${route.pattern}`, async () => {
        const started = performance.now();
        const cpu = process.cpuUsage();
        await fuzzRoute(route, method);
        const used = process.cpuUsage(cpu);
        timings.push(
          `${Math.round(performance.now() - started)}\t${Math.round((used.user + used.system) / 1000)}\t${method} ${route.pattern}`,
        );
      });
    }
  }

  async function fuzzRoute(route: AgentRoute, method: Method) {
    const options = route.options[method]!;
    const specs = ROUTE_IDS[route.pattern] ?? [];
    const segments: fc.Arbitrary<SegmentValues> =
      specs.length === 0
        ? fc.constant({})
        : fc.oneof(
            ...specs.flatMap((spec) => [
              spec.unknown,
              ...(spec.own ? [fc.constant(spec.own(objects)), fc.constant(spec.own(objects))] : []),
            ]),
          );
    const requests = fuzzRequests(
      {
        bodyFields: fieldNames(options.body),
        queryFields: fieldNames(options.query),
        hasBody: method !== "GET",
        authenticated: options.auth,
      },
      objects,
    );
    await fc.assert(
      fc.asyncProperty(segments, requests, async (values, req) => {
        const { path, params } = fillRoute(route, values);
        const headers = new Headers();
        if (req.authorization.kind === "valid") headers.set("authorization", `Bearer ${token}`);
        if (req.authorization.kind === "junk") headers.set("authorization", req.authorization.value);
        if (req.idempotencyKey !== null) headers.set("idempotency-key", req.idempotencyKey);
        if (req.accept) headers.set("accept", req.accept);
        if (req.body?.contentType) headers.set("content-type", req.body.contentType);
        const answer = await send(route, method, {
          path: `${path}${req.search}`,
          params,
          headers,
          body: req.body?.text,
        });
        if (req.authorization.kind === "valid" && answer.json?.error?.code === "unauthenticated") {
          token = await mintToken();
        }
        // A route that declares `response: null` answers its success outside the envelope (the bare
        // OpenAPI document); its errors are still the envelope.
        const bare = options.response === null && answer.status < 300;
        const problems = bare ? [] : envelopeProblems(answer);
        if (options.auth && req.authorization.kind !== "valid") {
          if (answer.status < 400) problems.push(`authenticated with ${JSON.stringify(req.authorization)}`);
          else if (!PRE_AUTH_CODES.has(answer.json?.error?.code)) {
            problems.push(`got past authentication: ${answer.json?.error?.code}`);
          }
        }
        if (problems.length > 0) {
          throw new Error(
            `${method} ${path}${req.search.slice(0, 200)} → ${answer.status}: ${problems.join("; ")}\n${answer.text.slice(0, 500)}`,
          );
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: !process.env.FC_SHRINK },
    );
  }
});
