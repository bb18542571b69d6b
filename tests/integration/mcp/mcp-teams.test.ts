/**
 * agent-teams and agent-tokens switch-account over MCP: an owner invites, the invitee accepts with
 * its own token and switches into the team, and the role's permissions bind over MCP exactly as
 * over HTTP (a viewer reads but may not fund; a member may not invite; another account's member is
 * not found).
 */
import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { resetEnvCache } from "@/lib/env";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { onboardAgent, type TestAgent } from "@/tests/helpers/agent";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { mcpClient } from "@/tests/helpers/mcp";
import { type TestStripe, useEmulator } from "@/tests/helpers/stripe";

process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "100000";

for (const kind of availableDatabases()) {
  describe(`agent-teams over MCP on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    let owner: TestAgent;
    let stripe: TestStripe;

    before(async () => {
      resetEnvCache();
      resetRateLimiters();
      cleanup = await useFreshDatabase(kind);
      stripe = await useEmulator();
      owner = await onboardAgent();
    });
    after(async () => {
      await stripe.close();
      await cleanup();
    });

    /** Invites a fresh agent with `role`, accepts with its own token, switches in; its team token. */
    async function join(role: string) {
      const invitee = await onboardAgent();
      const ownerClient = await mcpClient({ token: owner.token });
      const invited = await ownerClient.call("agent-teams", { action: "create", email: invitee.email, role });
      await ownerClient.close();
      assert.equal(invited.meta.status, 201, JSON.stringify(invited.error));
      assert.equal(invited.data.role, role);
      const client = await mcpClient({ token: invitee.token });
      const accepted = await client.call("agent-teams", {
        action: "accept-invite",
        invite_id: invited.data.invite_id,
      });
      assert.equal(accepted.isError, false, JSON.stringify(accepted.error));
      const switched = await client.call("agent-tokens", {
        action: "switch-account",
        account_username: accepted.data.team.username,
      });
      assert.equal(switched.isError, false, JSON.stringify(switched.error));
      assert.equal(switched.data.acting_account.role, role);
      await client.close();
      return {
        invitee,
        memberId: invited.data.id as number,
        teamToken: switched.data.access_token as string,
      };
    }

    test("invite, accept, switch: the roster lists the member; roles bind over MCP as over HTTP", async () => {
      const viewer = await join("viewer");
      const ownerClient = await mcpClient({ token: owner.token });
      const roster = await ownerClient.call("agent-teams", { action: "list" });
      assert.ok(roster.data.some((m: any) => m.email === viewer.invitee.email && m.status === "active"));
      const one = await ownerClient.call("agent-teams", { action: "get", member_id: viewer.memberId });
      assert.equal(one.data.role, "viewer");

      const asViewer = await mcpClient({ token: viewer.teamToken });
      assert.equal((await asViewer.call("agent-wallet", { action: "balance" })).isError, false);
      const fund = await asViewer.call("agent-wallet", { action: "fund", amount: 25 });
      assert.equal(fund.error?.code, "forbidden");
      assert.equal(fund.meta.status, 403);
      assert.equal(fund.error?.details.required_permission, "fund");
      const invite = await asViewer.call("agent-teams", { action: "create", email: "x@example.com" });
      assert.equal(invite.error?.code, "forbidden");
      await asViewer.close();

      // The owner promotes the viewer to member: funding is allowed (a link, no card), inviting still is not.
      const promoted = await ownerClient.call("agent-teams", {
        action: "update",
        member_id: viewer.memberId,
        role: "member",
      });
      assert.equal(promoted.data.role, "member", JSON.stringify(promoted.error));
      const asMember = await mcpClient({ token: viewer.teamToken });
      const link = await asMember.call("agent-billing", {
        action: "create-payment-link",
        purpose: "fund",
        amount: 20,
      });
      assert.equal(link.meta.status, 201, JSON.stringify(link.error));
      const stillNo = await asMember.call("agent-teams", {
        action: "resend-invite",
        member_id: viewer.memberId,
      });
      assert.equal(stillNo.error?.code, "forbidden");
      await asMember.close();

      // Another account's member is not found; removal works for the owner.
      const stranger = await mcpClient({ token: (await onboardAgent()).token });
      const foreign = await stranger.call("agent-teams", { action: "get", member_id: viewer.memberId });
      assert.equal(foreign.error?.code, "not_found");
      await stranger.close();
      const removed = await ownerClient.call("agent-teams", { action: "delete", member_id: viewer.memberId });
      assert.equal(removed.isError, false, JSON.stringify(removed.error));
      const gone = await mcpClient({ token: viewer.teamToken });
      assert.equal((await gone.call("agent-wallet", { action: "balance" })).error?.code, "unauthenticated");
      await gone.close();
      await ownerClient.close();
    });
  });
}
