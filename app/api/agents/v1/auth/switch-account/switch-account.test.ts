import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { accessTokens, auditEvents } from "@/lib/db/schema";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { accept, addMember, invite, switchAccount, type TeamMemberAgent } from "@/tests/helpers/teams";
import * as apiKeysRoute from "../../api-keys/route";
import * as meRoute from "../../me/route";
import * as balanceRoute from "../../wallet/balance/route";
import { type Agent, bearer, loginAs, onboard, send } from "../test-support";
import * as switchRoute from "./route";

const getMe = (token: string) => send(meRoute.GET, "/api/agents/v1/me", { headers: bearer(token) });

for (const kind of availableDatabases()) {
  describe(`POST /auth/switch-account on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    let owner: Agent;
    let member: TeamMemberAgent;
    let teamUsername: string;
    let teamId: string;
    let personalId: string;
    before(async () => {
      cleanup = await useFreshDatabase(kind);
      owner = await onboard({ name: "Switch Owner" });
      member = await addMember(owner, "member");
      const me = (await getMe(owner.token)).json.data;
      teamUsername = me.acting_account.username;
      teamId = me.acting_account.id;
      personalId = (await getMe(member.token)).json.data.acting_account.id;
    });
    after(() => cleanup());

    test("by account_username: a token for the team as access_token and token; /me says the team acts", async () => {
      const res = await switchAccount(member.token, {
        account_username: teamUsername,
        device_name: "team-bot",
      });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      const d = res.json.data;
      assert.equal(d.token, d.access_token);
      assert.equal(d.token_type, "Bearer");
      assert.deepEqual(d.acting_account, {
        id: teamId,
        username: teamUsername,
        name: "Switch Owner",
        kind: "team",
        role: "member",
      });
      const me = (await getMe(d.access_token)).json.data;
      assert.equal(me.acting_account.id, teamId);
      assert.equal(me.acting_account.role, "member");
      assert.equal(me.id, member.userId, "still the member's own profile");
      const db = await getDb();
      const [row] = await db
        .select()
        .from(accessTokens)
        .where(eq(accessTokens.id, Number(d.access_token.split("|")[0])));
      assert.equal(row?.name, "team-bot");
      assert.equal(row?.accountId, teamId);
      assert.equal(
        (await getMe(member.token)).json.data.acting_account.id,
        personalId,
        "the calling token is unchanged",
      );
      const [audit] = await db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.targetId, String(row?.id)));
      assert.equal(audit?.action, "token.created");
      assert.equal(audit?.accountId, teamId);
    });

    test("by team_member_id (number or string); neither → back to the personal account", async () => {
      for (const id of [member.memberId, String(member.memberId)]) {
        const res = await switchAccount(member.token, { team_member_id: id });
        assert.equal(res.status, 200, JSON.stringify(res.json));
        assert.equal(res.json.data.acting_account.id, teamId);
      }
      const back = await switchAccount(member.teamToken, {});
      assert.equal(back.status, 200);
      assert.equal(back.json.data.acting_account.id, personalId);
      assert.equal(back.json.data.acting_account.kind, "personal");
      assert.equal(back.json.data.acting_account.role, "owner");
    });

    test("the team token works on the team's wallet and keys, not the personal ones", async () => {
      const personal = await send(apiKeysRoute.GET, "/api/agents/v1/api-keys", {
        headers: bearer(member.token),
      });
      const team = await send(apiKeysRoute.GET, "/api/agents/v1/api-keys", {
        headers: bearer(member.teamToken),
      });
      const ownerKeys = await send(apiKeysRoute.GET, "/api/agents/v1/api-keys", {
        headers: bearer(owner.token),
      });
      assert.deepEqual(
        team.json.data.map((k: { id: number }) => k.id),
        ownerKeys.json.data.map((k: { id: number }) => k.id),
      );
      assert.notDeepEqual(
        team.json.data.map((k: { id: number }) => k.id),
        personal.json.data.map((k: { id: number }) => k.id),
      );
      const balance = await send(balanceRoute.GET, "/api/agents/v1/wallet/balance", {
        headers: bearer(member.teamToken),
      });
      assert.equal(balance.status, 200);
    });

    test("unknown username, someone else's member id, an account the caller is not in → 404; both ids or junk → 422", async () => {
      const outsider = await onboard();
      for (const body of [
        { account_username: "no_such_team_xyz" },
        { account_username: (await getMe(outsider.token)).json.data.acting_account.username },
        { team_member_id: 99_999_999 },
      ]) {
        const res = await switchAccount(member.token, body);
        assert.equal(res.status, 404, JSON.stringify(body));
        assert.equal(res.json.error.code, "not_found");
      }
      // The owner's roster row is not the outsider's to use.
      const ownerRow = (await getMe(owner.token)).json.data.accounts[0].team_member_id;
      assert.equal((await switchAccount(outsider.token, { team_member_id: ownerRow })).status, 404);
      for (const body of [
        { account_username: teamUsername, team_member_id: member.memberId },
        { team_member_id: "abc" },
        { team_member_id: -1 },
        { token_expiry: "forever" },
        { scopes: ["root:all"] },
        { account_username: "" },
      ]) {
        const res = await switchAccount(member.token, body);
        assert.equal(res.status, 422, JSON.stringify(body));
      }
    });

    test("scopes: the requested ones when held; asking for more → 403 insufficient_scope; none asked → the caller's", async () => {
      const narrow = (await loginAs(member, { scopes: ["tokens:write", "wallet:read"] })).json.data
        .access_token;
      const same = await switchAccount(narrow, { account_username: teamUsername });
      assert.equal(same.status, 200);
      assert.deepEqual([...same.json.data.scopes].sort(), ["tokens:write", "wallet:read"]);
      const fewer = await switchAccount(narrow, { account_username: teamUsername, scopes: ["wallet:read"] });
      assert.deepEqual(fewer.json.data.scopes, ["wallet:read"]);
      for (const scopes of [["wallet:write"], ["*"], ["wallet:read", "billing:read"]]) {
        const more = await switchAccount(narrow, { account_username: teamUsername, scopes });
        assert.equal(more.status, 403, JSON.stringify(scopes));
        assert.equal(more.json.error.code, "insufficient_scope");
      }
      const full = await switchAccount(member.token, {
        account_username: teamUsername,
        scopes: ["wallet:read"],
      });
      assert.deepEqual(full.json.data.scopes, ["wallet:read"]);
      const noTokensWrite = (await loginAs(member, { scopes: ["wallet:read"] })).json.data.access_token;
      const refused = await switchAccount(noTokensWrite, { account_username: teamUsername });
      assert.equal(refused.status, 403);
      assert.equal(refused.json.error.details.required_scope, "tokens:write");
    });

    test("expiry: never later than the caller's token", async () => {
      const weekly = (await loginAs(member, { token_expiry: "1_week" })).json.data;
      const res = await switchAccount(weekly.access_token, {
        account_username: teamUsername,
        token_expiry: "never",
      });
      assert.equal(res.status, 200);
      assert.equal(res.json.data.expires_at, weekly.expires_at);
      const longer = await switchAccount(weekly.access_token, {
        account_username: teamUsername,
        token_expiry: "3_months",
      });
      assert.equal(longer.json.data.expires_at, weekly.expires_at);
      const never = (await loginAs(member, { token_expiry: "never" })).json.data.access_token;
      const unlimited = await switchAccount(never, { account_username: teamUsername, token_expiry: "never" });
      assert.equal(unlimited.json.data.expires_at, null);
      const shorter = await switchAccount(never, { account_username: teamUsername, token_expiry: "1_week" });
      const inAWeek = Date.parse(shorter.json.data.expires_at) - Date.now();
      assert.ok(inAWeek > 6 * 86_400_000 && inAWeek <= 7 * 86_400_000);
    });

    test("no token → 401; a pending invitee cannot switch in before accepting", async () => {
      const none = await send(switchRoute.POST, "/api/agents/v1/auth/switch-account", {
        method: "POST",
        body: {},
      });
      assert.equal(none.status, 401);
      const invitee = await onboard();
      const invited = await invite(owner.token, { email: invitee.email });
      assert.equal((await switchAccount(invitee.token, { account_username: teamUsername })).status, 404);
      assert.equal(
        (await switchAccount(invitee.token, { team_member_id: invited.json.data.id })).status,
        404,
      );
      assert.equal((await accept(invitee.token, invited.json.data.invite_id)).status, 200);
      assert.equal(
        (await switchAccount(invitee.token, { team_member_id: invited.json.data.id })).status,
        200,
      );
    });
  });
}
