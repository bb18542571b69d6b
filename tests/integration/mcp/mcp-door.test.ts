/**
 * What the MCP door shares with the HTTP API beyond its answers: one rate-limit budget per client
 * IP and user across both doors, and the audit context (the agent, its device, the request id and
 * IP) around every action.
 */
import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as balanceRoute from "@/app/api/agents/v1/wallet/balance/route";
import { currentAuditContext } from "@/lib/audit/context";
import { env, resetEnvCache } from "@/lib/env";
import { PEER_HEADER, PEER_SECRET_HEADER } from "@/lib/http/client-ip";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { action } from "@/lib/mcp/action";
import { callAction } from "@/lib/mcp/call-action";
import { onboardAgent, type TestAgent } from "@/tests/helpers/agent";
import { useFreshDatabase } from "@/tests/helpers/database";
import { call } from "@/tests/helpers/http";
import { decode, mcpClient } from "@/tests/helpers/mcp";

describe("the MCP door and the HTTP API share limits and the audit context", () => {
  let cleanup: () => Promise<void>;
  let agent: TestAgent;

  before(async () => {
    process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "6";
    resetEnvCache();
    resetRateLimiters();
    cleanup = await useFreshDatabase("pglite");
    agent = await onboardAgent();
  });
  after(async () => {
    delete process.env.RATE_LIMIT_GENERAL_PER_MINUTE;
    resetEnvCache();
    resetRateLimiters();
    await cleanup();
  });

  test("one general budget per IP and user: HTTP calls spend what MCP calls may use, and the other way round", async () => {
    const ip = "10.77.0.1";
    const http = () => call(balanceRoute.GET, "/api/agents/v1/wallet/balance", { headers: agent.auth, ip });
    const client = await mcpClient({ token: agent.token, ip });
    const remaining: number[] = [];
    for (let i = 0; i < 3; i++) remaining.push(Number((await http()).headers.get("x-ratelimit-remaining")));
    for (let i = 0; i < 3; i++) {
      const answer = await client.call("agent-wallet", { action: "balance" });
      assert.equal(answer.isError, false);
      remaining.push(answer.meta.rate_limit!.remaining);
    }
    assert.deepEqual(remaining, [5, 4, 3, 2, 1, 0]);

    const limited = await client.call("agent-wallet", { action: "balance" });
    assert.equal(limited.error?.code, "rate_limited");
    assert.equal(limited.meta.status, 429);
    assert.ok((limited.meta as any).retry_after >= 1);
    assert.equal((await http()).status, 429);

    // Another client IP has its own budget, over MCP as over HTTP.
    const elsewhere = await mcpClient({ token: agent.token, ip: "10.77.0.2" });
    assert.equal((await elsewhere.call("agent-wallet", { action: "balance" })).isError, false);
    await elsewhere.close();
    await client.close();
  });

  test("an action runs inside the audit context: the agent, its token's device name, the request id and IP", async () => {
    const seen = action({
      http: null,
      description: "reads the audit context",
      auth: true,
      limiter: "auth",
      run: () => currentAuditContext(),
    });
    const headers = new Headers({
      authorization: `Bearer ${agent.token}`,
      [PEER_HEADER]: "10.77.0.9",
      [PEER_SECRET_HEADER]: env().peerSecret ?? "",
    });
    const wire = await callAction(
      seen,
      { tool: "test", action: "audit", args: {}, rpcId: 1 },
      {
        headers,
        url: new URL("http://127.0.0.1/mcp/agents"),
        signal: new AbortController().signal,
        progress: async () => {},
      },
    );
    const answer = decode(wire.result);
    assert.equal(answer.isError, false, JSON.stringify(answer.error));
    assert.deepEqual(answer.data.actor, { kind: "agent", userId: agent.userId, label: "email-verification" });
    assert.equal(answer.data.requestId, answer.meta.request_id);
    assert.equal(answer.data.ip, "10.77.0.9");
  });
});
