import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import * as balanceRoute from "@/app/api/agents/v1/wallet/balance/route";
import { GET as mailbox } from "@/app/dev/mailbox/messages/route";
import { getDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { closeNotifier } from "@/lib/pubsub/notifier";
import { onboardAgent, type TestAgent } from "@/tests/helpers/agent";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { call } from "@/tests/helpers/http";
import { assertLedgerInvariants } from "@/tests/helpers/ledger";
import { decode, MCP_URL, mcpClient, routeFetch } from "@/tests/helpers/mcp";
import { type TestStripe, useEmulator } from "@/tests/helpers/stripe";

process.env.RATE_LIMIT_BILLING_PER_MINUTE = "100000";
process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "100000";

const mailedCode = async (email: string) => {
  const mail = await call(mailbox, `/dev/mailbox/messages?to=${encodeURIComponent(email)}`);
  const code = /Verification code: (\S+)/.exec(mail.json.data?.[0]?.text ?? "")?.[1];
  assert.ok(code, `a code was mailed to ${email}`);
  return code;
};

for (const kind of availableDatabases()) {
  describe(`MCP server /mcp/agents on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    let stripe: TestStripe;
    let other: TestAgent;

    before(async () => {
      resetEnvCache();
      resetRateLimiters();
      cleanup = await useFreshDatabase(kind);
      stripe = await useEmulator({ deliverWebhooks: true });
      other = await onboardAgent();
    });
    after(async () => {
      await stripe.emulator.webhooksIdle();
      await assertLedgerInvariants(await getDb());
      await closeNotifier();
      await stripe.close();
      await cleanup();
    });

    test("an MCP client signs up, verifies, funds, reads its balance and waits for a hand-off through /mcp/agents alone", async () => {
      const email = `mcp-${randomUUID().slice(0, 8)}@example.com`;
      const anonymous = await mcpClient();
      const tools = (await anonymous.client.listTools()).tools;
      assert.deepEqual(
        tools.map((t) => t.name),
        [
          "agent-auth",
          "agent-tokens",
          "agent-profile",
          "agent-api-keys",
          "agent-usage",
          "agent-models",
          "agent-billing",
          "agent-wallet",
          "agent-subscriptions",
          "agent-wait",
        ],
      );
      for (const tool of tools) {
        assert.equal(tool.inputSchema.type, "object");
        assert.deepEqual(tool.inputSchema.required, ["action"]);
      }
      const wallet = tools.find((t) => t.name === "agent-wallet")!;
      assert.ok(
        (wallet.inputSchema.properties as any).amount,
        "fund's amount is in the wallet tool's schema",
      );
      assert.ok((wallet.inputSchema.properties as any).idempotency_key);

      const signup = await anonymous.call("agent-auth", {
        action: "signup",
        email,
        password: "secret123",
        name: "MCP Agent",
      });
      assert.equal(signup.isError, false, JSON.stringify(signup.error));
      assert.equal(signup.meta.status, 201);
      const verified = await anonymous.call("agent-auth", {
        action: "verify",
        verification_code: await mailedCode(email),
      });
      assert.equal(verified.isError, false, JSON.stringify(verified.error));
      const { access_token: token, api_key: apiKey } = verified.data;
      assert.match(token, /\S{20,}/);
      assert.ok(apiKey);
      await anonymous.close();

      const agent = await mcpClient({ token });
      const config = await agent.call("agent-billing", { action: "stripe-config" });
      assert.match(config.data.publishable_key, /^pk_test_/);
      const pm = await stripe.tokenize("4242424242424242");
      const funded = await agent.call("agent-wallet", { action: "fund", amount: 25, payment_method_id: pm });
      assert.equal(funded.isError, false, JSON.stringify(funded.error));
      assert.equal(funded.meta.status, 200);
      assert.equal((await agent.call("agent-wallet", { action: "balance" })).data.balance, 25);

      // The hand-off: a link for a person, paid on Checkout while the agent waits on it.
      const link = await agent.call("agent-billing", {
        action: "create-payment-link",
        purpose: "fund",
        amount: 15,
      });
      assert.equal(link.meta.status, 201);
      assert.match(link.data.session_id, /^cs_/);
      const waiting = agent.call("agent-wait", {
        action: "payment-link",
        session_id: link.data.session_id,
        timeout_sec: 60,
      });
      await stripe.helper(`/_emulator/checkout/sessions/${link.data.session_id}/complete`, {
        card: "4242424242424242",
      });
      const waited = await waiting;
      assert.equal(waited.isError, false, JSON.stringify(waited.error));
      assert.equal(waited.data.status, "fulfilled");
      assert.equal(waited.data.finished, true);
      assert.equal((await agent.call("agent-wallet", { action: "balance" })).data.balance, 40);

      // The same token works as X-Agent-Token, and the HTTP API sees the same wallet.
      const viaHeader = await mcpClient({ headers: { "x-agent-token": token } });
      assert.equal((await viaHeader.call("agent-wallet", { action: "balance" })).data.balance, 40);
      await viaHeader.close();
      const http = await call(balanceRoute.GET, "/api/agents/v1/wallet/balance", {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(http.json.data.balance, 40);

      await agent.close();
    });

    test("a payment waiting on 3-D Secure: fund answers 202 requires_action; agent-wait payment returns when it is authenticated", async () => {
      const agent = await mcpClient({ token: other.token });
      const funded = await agent.call("agent-wallet", {
        action: "fund",
        amount: 20,
        payment_method_id: await stripe.tokenize("4000002500003155"),
      });
      assert.equal(funded.isError, false);
      assert.equal(funded.meta.status, 202);
      const pi = funded.data.payment.payment_intent_id;
      assert.match(pi, /^pi_/);
      const still = await agent.call("agent-wait", {
        action: "payment",
        payment_intent_id: pi,
        timeout_sec: 0,
      });
      assert.equal(still.data.status, "pending");
      assert.equal(still.data.finished, false);
      const waiting = agent.call("agent-wait", { action: "payment", payment_intent_id: pi, timeout_sec: 60 });
      await stripe.helper(`/_emulator/payment_intents/${pi}/authenticate`, { result: "succeed" });
      const waited = await waiting;
      assert.equal(waited.data.status, "succeeded");
      assert.equal(waited.data.finished, true);
      await agent.close();
    });

    test("refusals: no token, a bad token, another account's object, a missing scope", async () => {
      const anonymous = await mcpClient();
      const none = await anonymous.call("agent-wallet", { action: "balance" });
      assert.equal(none.isError, true);
      assert.equal(none.error?.code, "unauthenticated");
      assert.equal(none.meta.status, 401);
      assert.match(none.error!.message, /Authentication required/);
      await anonymous.close();

      const forged = await mcpClient({ token: "not-a-real-token-1234567890" });
      const bad = await forged.call("agent-profile", { action: "get" });
      assert.equal(bad.error?.code, "unauthenticated");
      assert.match(bad.error!.message, /invalid, expired or revoked/);
      await forged.close();

      // Another account's API key is not found, exactly as over HTTP.
      const owner = await mcpClient({ token: other.token });
      const keys = await owner.call("agent-api-keys", { action: "list" });
      const keyId = keys.data[0].id;
      await owner.close();
      const stranger = await onboardAgent();
      const intruder = await mcpClient({ token: stranger.token });
      const foreign = await intruder.call("agent-api-keys", { action: "get", key_id: keyId });
      assert.equal(foreign.error?.code, "not_found");
      assert.equal(foreign.meta.status, 404);
      const foreignDelete = await intruder.call("agent-api-keys", { action: "delete", key_id: keyId });
      assert.equal(foreignDelete.error?.code, "not_found");
      await intruder.close();

      // A token limited to wallet:read reads the balance but may not fund.
      const login = await (await mcpClient()).call("agent-auth", {
        action: "login",
        email: other.email,
        password: "secret123",
        scopes: ["wallet:read"],
      });
      assert.equal(login.isError, false, JSON.stringify(login.error));
      const scoped = await mcpClient({ token: login.data.access_token });
      assert.equal((await scoped.call("agent-wallet", { action: "balance" })).isError, false);
      const refused = await scoped.call("agent-wallet", { action: "fund", amount: 25 });
      assert.equal(refused.error?.code, "insufficient_scope");
      assert.equal(refused.meta.status, 403);
      assert.equal(refused.error?.details.required_scope, "wallet:write");
      await scoped.close();
    });

    test("errors carry the API's code, message and details", async () => {
      const agent = await mcpClient({ token: other.token });
      const invalid = await agent.call("agent-wallet", { action: "fund", amount: -5 });
      assert.equal(invalid.isError, true);
      assert.equal(invalid.error?.code, "validation_error");
      assert.equal(invalid.meta.status, 422);
      assert.ok(Array.isArray(invalid.error?.details.amount), JSON.stringify(invalid.error));

      const unknownAction = await agent.call("agent-wallet", { action: "teleport" });
      assert.equal(unknownAction.error?.code, "validation_error");
      assert.match(unknownAction.error!.message, /action: must be one of balance/);

      const card = await agent.call("agent-wallet", {
        action: "fund",
        amount: 25,
        card_number: "4242424242424242",
      });
      assert.equal(card.error?.code, "raw_card_data_rejected");

      const declined = await agent.call("agent-wallet", {
        action: "fund",
        amount: 25,
        payment_method_id: await stripe.tokenize("4000000000000002"),
      });
      assert.equal(declined.error?.code, "payment_declined");
      assert.equal(declined.meta.status, 402);
      assert.equal(declined.error?.details.decline_code, "generic_decline");
      assert.match(String(declined.error?.details.payment_intent_id), /^pi_/);

      const unknownTool = await agent.client
        .callTool({ name: "agent-teleport", arguments: { action: "go" } })
        .then(
          () => null,
          (e: Error) => e,
        );
      assert.match(String(unknownTool?.message), /Unknown tool/);
      await agent.close();
    });

    test("idempotency: the same key twice is one charge and one ledger entry; a resent call is answered once", async () => {
      const agent = await onboardAgent();
      const client = await mcpClient({ token: agent.token });
      const pm = await stripe.tokenize("4242424242424242");
      const args = { action: "fund", amount: 12, payment_method_id: pm, idempotency_key: `mcp-fund-${kind}` };
      const first = await client.call("agent-wallet", args);
      const second = await client.call("agent-wallet", args);
      assert.equal(first.isError, false);
      assert.equal(second.isError, false);
      assert.equal(second.idempotency_replay, true);
      assert.deepEqual(second.data, first.data);
      const reused = await client.call("agent-wallet", { ...args, amount: 13 });
      assert.equal(reused.error?.code, "idempotency_key_reused");
      assert.equal((await client.call("agent-wallet", { action: "balance" })).data.balance, 12);

      // No key: one is derived from the call, so the same JSON-RPC request sent twice charges once.
      const post = routeFetch();
      const rpc = (id: number) =>
        post(MCP_URL, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
            authorization: `Bearer ${agent.token}`,
          },
          body: JSON.stringify({
            jsonrpc: "2.0",
            id,
            method: "tools/call",
            params: {
              name: "agent-wallet",
              arguments: { action: "fund", amount: 11, payment_method_id: pm },
            },
          }),
        });
      const answer = async (response: Response) => {
        const text = await response.text();
        const line = text.split("\n").find((l) => l.startsWith("data: "));
        return decode(JSON.parse(line ? line.slice(6) : text).result);
      };
      const a = await answer(await rpc(41));
      const b = await answer(await rpc(41));
      assert.equal(a.isError, false, JSON.stringify(a.error));
      assert.equal(b.idempotency_replay, true);
      const c = await answer(await rpc(42));
      assert.notEqual(c.idempotency_replay, true);
      assert.equal((await client.call("agent-wallet", { action: "balance" })).data.balance, 34);

      const tx = await client.call("agent-wallet", { action: "transactions" });
      assert.equal(tx.data.items.length, 3, "12 once, 11 twice (two calls), no duplicate");
      await client.close();
    });
  });
}
