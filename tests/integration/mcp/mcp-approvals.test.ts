/**
 * Approval policies bind over MCP as over HTTP: a member's fund and API key through agent-wallet
 * and agent-api-keys are held (202 pending_approval, nothing charged or created), and agent-wait
 * approval returns once an owner decides: the approved fund has run, the key is shown once, a
 * rejection says why.
 */
import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as approveRoute from "@/app/api/agents/v1/approvals/[id]/approve/route";
import * as rejectRoute from "@/app/api/agents/v1/approvals/[id]/reject/route";
import * as policyRoute from "@/app/api/agents/v1/approvals/policy/route";
import { getDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { closeNotifier } from "@/lib/pubsub/notifier";
import { onboardAgent, type TestAgent } from "@/tests/helpers/agent";
import { useFreshDatabase } from "@/tests/helpers/database";
import { call } from "@/tests/helpers/http";
import { assertLedgerInvariants } from "@/tests/helpers/ledger";
import { mcpClient } from "@/tests/helpers/mcp";
import { type TestStripe, useEmulator } from "@/tests/helpers/stripe";
import { makeTeam, type TestTeam } from "@/tests/helpers/team";

process.env.RATE_LIMIT_BILLING_PER_MINUTE = "100000";
process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "100000";
// The team is five signups at once; on a busy machine their password hashing must queue, not be refused.
process.env.PASSWORD_HASH_QUEUE_TIMEOUT_MS = "60000";

const base = "/api/agents/v1";
const decide = (
  route: typeof approveRoute | typeof rejectRoute,
  verb: string,
  agent: TestAgent,
  id: string,
  body = {},
) =>
  call(route.POST, `${base}/approvals/${id}/${verb}`, {
    method: "POST",
    body,
    headers: agent.auth,
    params: { id },
  });

describe("approvals over MCP", () => {
  let cleanup: () => Promise<void>;
  let stripe: TestStripe;
  let team: TestTeam;

  before(async () => {
    resetEnvCache();
    resetRateLimiters();
    cleanup = await useFreshDatabase("pglite");
    stripe = await useEmulator({ deliverWebhooks: true });
    team = await makeTeam();
    const policy = await call(policyRoute.PUT, `${base}/approvals/policy`, {
      method: "PUT",
      body: { funds: true, fund_threshold: 20, api_keys: true },
      headers: team.owner.auth,
    });
    assert.equal(policy.status, 200, JSON.stringify(policy.json));
  });
  after(async () => {
    await stripe.emulator.webhooksIdle();
    await assertLedgerInvariants(await getDb());
    await closeNotifier();
    await stripe.close();
    await cleanup();
  });

  test("a member's fund is held; agent-wait approval returns once the owner approves, with the fund's result", async () => {
    const member = await mcpClient({ token: team.member.token });
    const pm = await stripe.tokenize("4242424242424242");
    const held = await member.call("agent-wallet", { action: "fund", amount: 30, payment_method_id: pm });
    assert.equal(held.isError, false, JSON.stringify(held.error));
    assert.equal(held.meta.status, 202);
    assert.equal(held.data.status, "pending_approval");
    const id = held.data.approval.id as string;
    assert.equal(
      (await member.call("agent-wallet", { action: "balance" })).data.balance,
      0,
      "nothing ran yet",
    );

    const pending = await member.call("agent-wait", { action: "approval", approval_id: id, timeout_sec: 0 });
    assert.equal(pending.data.status, "pending");
    assert.equal(pending.data.finished, false);

    const waiting = member.call("agent-wait", { action: "approval", approval_id: id, timeout_sec: 60 });
    const approved = await decide(approveRoute, "approve", team.owner, id);
    assert.equal(approved.status, 200, JSON.stringify(approved.json));
    const waited = await waiting;
    assert.equal(waited.isError, false, JSON.stringify(waited.error));
    assert.equal(waited.data.status, "executed");
    assert.equal(waited.data.finished, true);
    assert.equal((await member.call("agent-wallet", { action: "balance" })).data.balance, 30);
    await member.close();
  });

  test("a member's API key is held; a rejection ends the wait with the reason; another account cannot wait on it", async () => {
    const member = await mcpClient({ token: team.member2.token });
    const held = await member.call("agent-api-keys", { action: "create", name: "ci" });
    assert.equal(held.meta.status, 202, JSON.stringify(held.error));
    const id = held.data.approval.id as string;
    const waiting = member.call("agent-wait", { action: "approval", approval_id: id, timeout_sec: 60 });
    const rejected = await decide(rejectRoute, "reject", team.admin, id, { reason: "use the shared key" });
    assert.equal(rejected.status, 200, JSON.stringify(rejected.json));
    const waited = await waiting;
    assert.equal(waited.data.status, "rejected");
    assert.equal(waited.data.finished, true);
    assert.match(JSON.stringify(waited.data), /use the shared key/);
    await member.close();

    const outsider = await mcpClient({ token: (await onboardAgent()).token });
    const foreign = await outsider.call("agent-wait", {
      action: "approval",
      approval_id: id,
      timeout_sec: 0,
    });
    assert.equal(foreign.error?.code, "not_found");
    await outsider.close();
  });
});
