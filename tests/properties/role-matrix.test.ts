/**
 * The role × endpoint authorization matrix, over every /api/agents/v1 route found on disk: a team
 * with an owner, an admin, a member and a viewer (each acting for the team through switch-account)
 * calls every method of every route, and the answer must be what the route's declared `permission`
 * and the README's table (lib/auth/permissions.ts) say:
 * - a role without the permission → 403 `forbidden` naming it, before anything else happens;
 * - a role with it → anything but 403 `forbidden` (a read of a real object: 2xx);
 * - any role on another account's object → 404 `not_found`.
 * Expectations come from the declarations, so a route added later (e.g. /approvals*) joins with its
 * own permission. Routes that act on the account must declare one.
 */
import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { can } from "@/lib/auth/permissions";
import type { MemberRole } from "@/lib/auth/principal";
import { resetEnvCache } from "@/lib/env";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { type AccountObjects, createAccountObjects } from "@/tests/helpers/account-objects";
import { type AgentRoute, discoverAgentRoutes, fillRoute, type Method } from "@/tests/helpers/agent-routes";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { envelopeProblems, send } from "@/tests/helpers/envelope-check";
import { ROUTE_IDS, VALID_BODIES } from "@/tests/helpers/route-ids";
import { type TestStripe, useEmulator } from "@/tests/helpers/stripe";
import { addMember } from "@/tests/helpers/teams";

for (const name of ["AUTH", "BILLING", "GENERAL"]) process.env[`RATE_LIMIT_${name}_PER_MINUTE`] = "1000000";

const routes = discoverAgentRoutes();
/** Routes about the caller themself (profile, password, tokens, accepting an invitation), not the account. */
const PERSONAL = /^\/(auth|me)(\/|$)|^\/teams\/invitations\//;

interface Call {
  route: AgentRoute;
  method: Method;
}

function calls(filter: (c: Call) => boolean): Call[] {
  return routes.flatMap((route) =>
    route.implemented
      .map((method) => ({ route, method }))
      .filter((c) => route.options[c.method]?.auth && filter(c)),
  );
}

const declared = (c: Call) => c.route.options[c.method]?.permission;

test("every authenticated route that acts on the account declares a role permission", () => {
  const missing = calls((c) => !PERSONAL.test(c.route.pattern) && !declared(c)).map(
    (c) => `${c.method} ${c.route.pattern}`,
  );
  assert.deepEqual(missing, [], "add permission: to these routes (lib/auth/permissions.ts)");
});

test("every dashboard server action on the account declares a permission", () => {
  // Actions about the signed-in person themself (profile, password, preferences, tokens, alerts).
  const personal = new Set([
    "updateProfileAction",
    "changePasswordAction",
    "updatePreferencesAction",
    "revokeTokenAction",
    "revokeAllTokensAction",
    "saveLowBalanceAlertAction",
    "switchAccountAction",
    "acceptInvitationAction",
  ]);
  const dir = path.join(process.cwd(), "lib/actions");
  const missing: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith("-actions.ts"))) {
    const source = readFileSync(path.join(dir, file), "utf8");
    for (const match of source.matchAll(/export async function (\w+)[\s\S]*?\n\}/g)) {
      const [body, name] = [match[0], match[1]!];
      if (!body.includes("runAsHuman(") || personal.has(name)) continue;
      if (!/permission: "\w+"/.test(body)) missing.push(`${file}: ${name}`);
    }
  }
  assert.deepEqual(missing, []);
});

const ROLES: MemberRole[] = ["viewer", "member", "admin", "owner"];

for (const kind of availableDatabases()) {
  describe(`role matrix on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    let stripe: TestStripe;
    let team: AccountObjects;
    let other: AccountObjects;
    const tokens = {} as Record<MemberRole, string>;

    before(async () => {
      resetEnvCache();
      resetRateLimiters();
      cleanup = await useFreshDatabase(kind);
      stripe = await useEmulator({ deliverWebhooks: true });
      team = await createAccountObjects(stripe);
      other = await createAccountObjects(stripe);
      tokens.owner = team.agent.token;
      for (const role of ["admin", "member", "viewer"] as const)
        tokens[role] = (await addMember(team.agent, role)).teamToken;
    });
    after(async () => {
      await stripe.emulator.webhooksIdle();
      await stripe.close();
      await cleanup();
    });

    async function ask(c: Call, objects: AccountObjects, role: MemberRole) {
      const values = Object.fromEntries(
        c.route.segments.map((s) => [s.name, s.catchAll ? ["x"] : "1"] as const),
      ) as Record<string, string | string[]>;
      const ids = ROUTE_IDS[c.route.pattern]?.find((s) => s.own)?.own?.(objects) ?? values;
      const { path: url, params } = fillRoute(c.route, ids);
      const headers = new Headers({
        "content-type": "application/json",
        authorization: `Bearer ${tokens[role]}`,
      });
      const valid = VALID_BODIES[`${c.method} ${c.route.pattern}`];
      const body = c.method === "GET" ? undefined : JSON.stringify(valid ? valid(objects) : {});
      const answer = await send(c.route, c.method, { path: url, params, headers, body });
      assert.deepEqual(envelopeProblems(answer), [], `${c.method} ${url}: ${answer.text.slice(0, 300)}`);
      return { ...answer, url };
    }

    // Before the matrix below, whose allowed deletes and cancels use up the team's objects.
    test("every role reads the team's objects (2xx), and gets 404 for another account's, whatever its power", async () => {
      const owned = calls(
        (c) => (ROUTE_IDS[c.route.pattern] ?? []).some((s) => s.owner === "account") && Boolean(declared(c)),
      );
      let checked = 0;
      for (const role of ROLES) {
        for (const c of owned) {
          if (c.method === "GET" && can(role, declared(c)!)) {
            const own = await ask(c, team, role);
            assert.ok(own.status < 400, `${role} GET ${own.url}: ${own.status} ${own.text.slice(0, 200)}`);
          }
          if (!can(role, declared(c)!)) continue; // refused before any lookup, tested above
          const res = await ask(c, other, role);
          assert.equal(
            res.status,
            404,
            `${role} ${c.method} ${res.url} on another account: ${res.text.slice(0, 200)}`,
          );
          assert.equal(res.json.error.code, "not_found");
          checked++;
        }
      }
      assert.ok(checked >= 40, `only ${checked} cross-account checks`);
    });

    test("each role on each route with a declared permission: 403 forbidden exactly where the table says", async () => {
      let refused = 0;
      let allowed = 0;
      // Least powerful first, and reads before writes, so an allowed delete or cancel comes last.
      const ordered = calls((c) => Boolean(declared(c))).sort(
        (a, b) => Number(a.method !== "GET") - Number(b.method !== "GET"),
      );
      for (const role of ROLES) {
        for (const c of ordered) {
          const permission = declared(c)!;
          const res = await ask(c, team, role);
          const label = `${role} ${c.method} ${res.url} (${permission}): ${res.status} ${res.text.slice(0, 200)}`;
          if (can(role, permission)) {
            assert.ok(!(res.status === 403 && res.json?.error?.code === "forbidden"), label);
            allowed++;
          } else {
            assert.equal(res.status, 403, label);
            assert.equal(res.json.error.code, "forbidden", label);
            assert.equal(res.json.error.details.required_permission, permission, label);
            assert.equal(res.json.error.details.role, role, label);
            refused++;
          }
        }
      }
      assert.ok(refused >= 40, `only ${refused} refusals: did the routes lose their permissions?`);
      assert.ok(allowed >= 150, `only ${allowed} allowed calls`);
    });
  });
}
