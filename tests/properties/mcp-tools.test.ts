/**
 * The MCP tools in the property tests' spirit:
 * - parity: every action declares exactly what its HTTP twin declares to the door (auth, limiter,
 *   IP limiters, scope, role permission, idempotency), so the two doors cannot drift apart;
 * - coverage: every route under a prefix the tools serve is reachable as an action, or named here
 *   as HTTP-only with the reason;
 * - authorization matrix: every tool × action refuses a call without a token (401) except the
 *   public ones, and a token without the action's scope (403 insufficient_scope);
 * - fuzz: junk arguments for every tool × action, with a valid token and with a junk one, never
 *   answer 5xx, always carry `{data, error: {code, message, details}, meta}` without internals,
 *   and junk credentials never get past authentication.
 * Seeded: FC_SEED and MCP_FC_RUNS override the seed and the runs per action.
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
import { toolInputSchema } from "@/lib/mcp/input-schema";
import { TOOLS } from "@/lib/mcp/tools";
import { onboardAgent } from "@/tests/helpers/agent";
import { discoverAgentRoutes } from "@/tests/helpers/agent-routes";
import { useFreshDatabase } from "@/tests/helpers/database";
import { envelopeProblems } from "@/tests/helpers/envelope-check";
import { mcpClient, type ToolAnswer } from "@/tests/helpers/mcp";
import { type TestStripe, useEmulator } from "@/tests/helpers/stripe";

for (const name of ["AUTH", "BILLING", "GENERAL", "AUTH_IP"])
  process.env[`RATE_LIMIT_${name}_PER_MINUTE`] = "1000000";
process.env.RATE_LIMIT_SIGNUP_PER_HOUR = "1000000";

const SEED = Number(process.env.FC_SEED ?? 20_261_203);
const RUNS = Number(process.env.MCP_FC_RUNS ?? 12);

const PUBLIC = new Set([
  "agent-auth.signup",
  "agent-auth.verify",
  "agent-auth.login",
  "agent-auth.forgot-password",
  "agent-auth.reset-password",
  "agent-auth.resend-verification",
]);

/** Routes under the tools' prefixes that no action mirrors, and why. */
const HTTP_ONLY: Record<string, string> = {
  "POST /auth/verify": "an alias of /auth/verify-email, which agent-auth verify mirrors",
  "POST /auth/refresh": "the reference's MCP has no refresh; log in again instead",
  "GET /auth/scopes": "public documentation of the scopes, not an account action",
  "GET /subscriptions/[id]": "agent-subscriptions status answers the same subscription",
  "POST /wallet/coupons/validate":
    "the CLI's POST form of GET /wallet/coupons/validate, which agent-wallet validate mirrors",
  "GET /subscriptions/charge-amount": "the reference's MCP only sets the charge amount",
  "GET /approvals":
    "deciding is for owners and admins (HTTP or the dashboard); agents wait with agent-wait approval",
  "POST /approvals/[id]/approve": "deciding is for owners and admins (HTTP or the dashboard)",
  "POST /approvals/[id]/reject": "deciding is for owners and admins (HTTP or the dashboard)",
  "GET /approvals/policy": "the policy is set by owners and admins (HTTP or the dashboard)",
  "PUT /approvals/policy": "the policy is set by owners and admins (HTTP or the dashboard)",
};

const allActions = TOOLS.flatMap((tool) =>
  Object.entries(tool.actions).map(([name, action]) => ({ tool: tool.name, name, action })),
);

/** An action's answer as the envelope checks read an HTTP answer. */
const asRaw = (answer: ToolAnswer) => ({
  status: answer.meta.status,
  contentType: "application/json",
  text: JSON.stringify(answer),
  json: answer,
});

describe("MCP tools mirror their HTTP routes", () => {
  const routes = discoverAgentRoutes();
  const declared = (twin: string) => {
    const [method, pattern] = twin.split(" ") as [string, string];
    const route = routes.find((r) => r.pattern === pattern);
    return route?.options[method as keyof typeof route.options];
  };

  test("each action declares what its route declares (auth, limiters, scope, permission, idempotency)", () => {
    const drift: string[] = [];
    for (const { tool, name, action } of allActions) {
      if (!action.http) continue;
      const route = declared(action.http);
      if (!route) {
        drift.push(`${tool}.${name}: no route ${action.http}`);
        continue;
      }
      const pick = (o: typeof action | typeof route) => ({
        auth: o.auth,
        limiter: o.limiter,
        ipLimiters: o.ipLimiters ?? [],
        scope: o.scope ?? null,
        permission: o.permission ?? null,
        idempotent: Boolean(o.idempotent),
      });
      const mine = JSON.stringify(pick(action));
      const theirs = JSON.stringify(pick(route));
      if (mine !== theirs) drift.push(`${tool}.${name} ${mine} ≠ ${action.http} ${theirs}`);
    }
    assert.deepEqual(drift, []);
  });

  test("every route under the tools' prefixes is an action, or HTTP-only for a stated reason", () => {
    const twins = new Set<string>(allActions.flatMap((a) => (a.action.http ? [a.action.http] : [])));
    const prefixes = new Set([...twins].map((t) => t.split(" ")[1]?.split("/")[1]));
    const missing: string[] = [];
    for (const route of routes) {
      if (!prefixes.has(route.pattern.split("/")[1])) continue;
      for (const method of route.implemented) {
        const twin = `${method} ${route.pattern}`;
        if (method === "PATCH" && twins.has(`PUT ${route.pattern}`)) continue;
        if (!twins.has(twin) && !HTTP_ONLY[twin]) missing.push(twin);
      }
    }
    assert.deepEqual(missing, []);
    const stale = Object.keys(HTTP_ONLY).filter((t) => {
      const [method, pattern] = t.split(" ");
      return !routes.some((r) => r.pattern === pattern && r.implemented.includes(method as never));
    });
    assert.deepEqual(stale, []);
  });

  test("every tool's input schema is an object with a required action enum listing its actions", () => {
    for (const tool of TOOLS) {
      const schema = toolInputSchema(tool) as any;
      assert.deepEqual(schema.required, ["action"]);
      assert.deepEqual(schema.properties.action.enum, Object.keys(tool.actions));
    }
  });
});

describe(`MCP authorization matrix and fuzz (seed ${SEED}, ${RUNS} runs per action)`, () => {
  let cleanup: () => Promise<void>;
  let stripe: TestStripe;
  let mintToken: (scopes?: string[]) => Promise<string>;

  before(async () => {
    resetEnvCache();
    resetRateLimiters();
    cleanup = await useFreshDatabase("pglite");
    stripe = await useEmulator({ deliverWebhooks: true });
    const agent = await onboardAgent();
    const db = await getDb();
    const principal = await resolveBearerToken(db, agent.token);
    if (!principal) throw new Error("the agent's token does not resolve");
    mintToken = async (scopes = ["*"]) =>
      (
        await issueAccessToken(db, {
          userId: principal.userId,
          accountId: principal.accountId,
          name: "mcp-fuzz",
          expiry: "1_week",
          scopes: scopes as never,
        })
      ).plaintext;
  });
  after(async () => {
    await stripe.emulator.webhooksIdle();
    await stripe.close();
    await cleanup();
  });

  test("every tool × action refuses a call without a token, except the public ones", async () => {
    const client = await mcpClient();
    const wrong: string[] = [];
    for (const { tool, name } of allActions) {
      const answer = await client.call(tool, { action: name });
      const refused = answer.error?.code === "unauthenticated" && answer.meta.status === 401;
      if (PUBLIC.has(`${tool}.${name}`) === refused) {
        wrong.push(`${tool}.${name} → ${answer.error?.code ?? answer.meta.status}`);
      }
    }
    await client.close();
    assert.deepEqual(wrong, []);
    assert.deepEqual(
      allActions.filter((a) => !a.action.auth).map((a) => `${a.tool}.${a.name}`),
      [...PUBLIC],
      "the public actions are exactly the reference's",
    );
  });

  test("every scoped action refuses a token without its scope (403 insufficient_scope, naming it)", async () => {
    const client = await mcpClient({ token: await mintToken(["files:write"]) });
    const wrong: string[] = [];
    for (const { tool, name, action } of allActions) {
      if (!action.scope) continue;
      const answer = await client.call(tool, { action: name });
      if (
        answer.error?.code !== "insufficient_scope" ||
        answer.error.details.required_scope !== action.scope
      ) {
        wrong.push(`${tool}.${name} → ${answer.error?.code ?? answer.meta.status}`);
      }
    }
    await client.close();
    assert.deepEqual(wrong, []);
  });

  test("junk arguments never answer 5xx or leak internals; junk credentials never authenticate", async () => {
    const problems: string[] = [];
    const junk = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
      fc.constantFrom("pm_card_visa", "cs_test_x", "pi_x", "4242424242424242", "1", "-1", "1e309", "\u0000"),
    );
    let token = await mintToken();
    let valid = await mcpClient({ token });
    const forged = await mcpClient({ token: "junk-token-000000000000000000" });
    for (const tool of TOOLS) {
      const properties = Object.keys((toolInputSchema(tool) as any).properties).filter((p) => p !== "action");
      const args = fc.record(Object.fromEntries(properties.map((p) => [p, junk])), { requiredKeys: [] });
      for (const [name, action] of Object.entries(tool.actions)) {
        // A revoked token is replaced, so the token-revoking actions are fuzzed too.
        const samples = fc.sample(args, { seed: SEED, numRuns: RUNS });
        for (const sample of samples) {
          for (const [label, client] of [
            ["valid", valid],
            ["junk", forged],
          ] as const) {
            const answer = await client.call(tool.name, { ...sample, action: name });
            const found = envelopeProblems(asRaw(answer));
            if (answer.isError !== answer.meta.status >= 400) found.push("isError disagrees with the status");
            if (answer.error && (typeof answer.error.details !== "object" || answer.error.details === null)) {
              found.push("error without details");
            }
            if (label === "junk" && action.auth && answer.error?.code !== "unauthenticated") {
              const code = answer.error?.code;
              if (code !== "raw_card_data_rejected")
                found.push(`junk token got past authentication: ${code}`);
            }
            if (found.length > 0) {
              problems.push(
                `${tool.name}.${name} (${label}) ${JSON.stringify(sample).slice(0, 200)}: ${found.join("; ")}`,
              );
            }
          }
          if (name === "logout" || name === "logout-all") {
            token = await mintToken();
            await valid.close();
            valid = await mcpClient({ token });
          }
        }
        if (name === "revoke-others") {
          token = await mintToken();
          await valid.close();
          valid = await mcpClient({ token });
        }
      }
    }
    await valid.close();
    await forged.close();
    assert.deepEqual(problems.slice(0, 20), []);
  });
});
