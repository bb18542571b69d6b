import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { resolveApiKey } from "@/lib/api-keys/resolve-api-key";
import { getDb } from "@/lib/db/client";
import { accounts, auditEvents, memberships, teamMembers } from "@/lib/db/schema";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import {
  accept,
  addMember,
  invite,
  latestInvitation,
  listTeam,
  onMember,
  resend,
  switchAccount,
} from "@/tests/helpers/teams";
import * as apiKeysRoute from "../api-keys/route";
import * as signupRoute from "../auth/signup/route";
import {
  type Agent,
  bearer,
  latestCode,
  loginAs,
  mailbox,
  onboard,
  send,
  uniqueEmail,
} from "../auth/test-support";
import * as verifyRoute from "../auth/verify-email/route";
import * as meRoute from "../me/route";

const getMe = (token: string) => send(meRoute.GET, "/api/agents/v1/me", { headers: bearer(token) });

async function auditActions(accountId: string, targetId: string): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .select({ action: auditEvents.action })
    .from(auditEvents)
    .where(and(eq(auditEvents.accountId, accountId), eq(auditEvents.targetId, targetId)));
  return rows.map((r) => r.action).sort();
}

async function accountIdOf(token: string): Promise<string> {
  return (await getMe(token)).json.data.acting_account.id;
}

for (const kind of availableDatabases()) {
  describe(`teams API on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    let owner: Agent;
    let stranger: Agent;
    before(async () => {
      cleanup = await useFreshDatabase(kind);
      owner = await onboard({ name: "Team Owner" });
      stranger = await onboard({ name: "Stranger" });
    });
    after(() => cleanup());

    test("GET /teams before any invitation: the owner alone, active, with a member id", async () => {
      const res = await listTeam(stranger.token);
      assert.equal(res.status, 200);
      assert.ok(Array.isArray(res.json.data));
      assert.equal(res.json.data.length, 1);
      const [me] = res.json.data;
      assert.equal(typeof me.id, "number");
      assert.equal(me.email, stranger.email);
      assert.equal(me.name, "Stranger");
      assert.equal(me.role, "owner");
      assert.equal(me.status, "active");
      assert.ok(Date.parse(me.invited_at));
      assert.ok(Date.parse(me.joined_at));
    });

    test("invite → pending row, a mail with the link and the invite id, the account becomes a team, member.invited audited", async () => {
      const email = uniqueEmail("invitee");
      const res = await invite(owner.token, { email: email.toUpperCase() });
      assert.equal(res.status, 201, JSON.stringify(res.json));
      const m = res.json.data;
      assert.equal(m.email, email);
      assert.equal(m.role, "member", "the default role");
      assert.equal(m.status, "pending");
      assert.equal(m.joined_at, null);
      assert.equal(m.name, null);
      assert.match(m.invite_id, /^[0-9a-f-]{36}$/);
      const mail = await latestInvitation(email);
      assert.equal(mail.inviteId, m.invite_id);
      assert.ok(mail.link.endsWith(`/invite/${m.invite_id}`));
      assert.match(mail.text, /Team Owner invited/);
      assert.match(mail.text, /teams\/invitations\/[0-9a-f-]{36}\/accept/);

      const list = await listTeam(owner.token);
      assert.deepEqual(
        list.json.data.map((r: { email: string; status: string; role: string }) => [
          r.email,
          r.status,
          r.role,
        ]),
        [
          [owner.email, "active", "owner"],
          [email, "pending", "member"],
        ],
      );
      const accountId = await accountIdOf(owner.token);
      const db = await getDb();
      const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId));
      assert.equal(account?.kind, "team");
      assert.deepEqual(await auditActions(accountId, String(m.id)), ["member.invited"]);
    });

    test("invite: bad input → 422; a duplicate → 409; no token → 401; a token without teams:write → 403", async () => {
      for (const body of [
        {},
        { email: "not-an-email" },
        { email: uniqueEmail(), role: "god" },
        { email: 42 },
      ]) {
        const res = await invite(owner.token, body);
        assert.equal(res.status, 422, JSON.stringify(body));
        assert.equal(res.json.error.code, "validation_error");
      }
      const email = uniqueEmail("dup");
      assert.equal((await invite(owner.token, { email })).status, 201);
      const again = await invite(owner.token, { email });
      assert.equal(again.status, 409);
      assert.equal(again.json.error.code, "conflict");
      assert.equal(again.json.error.details.status, "pending");
      const self = await invite(owner.token, { email: owner.email });
      assert.equal(self.status, 409);
      assert.equal(self.json.error.details.status, "active");

      const none = await send((await import("./route")).POST, "/api/agents/v1/teams", {
        method: "POST",
        body: { email: uniqueEmail() },
      });
      assert.equal(none.status, 401);
      const narrow = (await loginAs(owner, { scopes: ["teams:read"] })).json.data.access_token;
      const scoped = await invite(narrow, { email: uniqueEmail() });
      assert.equal(scoped.status, 403);
      assert.equal(scoped.json.error.code, "insufficient_scope");
      assert.equal((await listTeam(narrow)).status, 200, "teams:read lists");
      assert.equal((await listTeam("1|onr_at_forged")).status, 401);
    });

    test("accept as an existing user: membership with the invited role, joined, audited; twice is harmless", async () => {
      const invitee = await onboard({ name: "Existing Invitee" });
      const invited = await invite(owner.token, { email: invitee.email, role: "admin" });
      const { inviteId } = await latestInvitation(invitee.email);
      const res = await accept(invitee.token, inviteId);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.equal(res.json.data.already_member, false);
      assert.equal(res.json.data.member.status, "active");
      assert.equal(res.json.data.member.role, "admin");
      assert.equal(res.json.data.member.name, "Existing Invitee");
      const accountId = await accountIdOf(owner.token);
      assert.equal(res.json.data.team.id, accountId);
      const db = await getDb();
      const [membership] = await db
        .select()
        .from(memberships)
        .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, invitee.userId)));
      assert.equal(membership?.role, "admin");
      const again = await accept(invitee.token, inviteId);
      assert.equal(again.status, 200);
      assert.equal(again.json.data.already_member, true);
      assert.deepEqual(await auditActions(accountId, String(invited.json.data.id)), [
        "member.invited",
        "member.joined",
      ]);
      const me = await getMe(invitee.token);
      const choice = me.json.data.accounts.find((a: { id: string }) => a.id === accountId);
      assert.equal(choice.role, "admin");
      assert.equal(choice.team_member_id, invited.json.data.id);
      assert.equal(
        me.json.data.acting_account.id,
        me.json.data.accounts[0].id,
        "still acting for the personal account",
      );
      assert.equal(me.json.data.accounts[0].personal, true);
    });

    test("accept as a new user: the invitation comes first, then signup, verify, accept with the new token", async () => {
      const email = uniqueEmail("newcomer");
      const invited = await invite(owner.token, { email, role: "viewer" });
      assert.equal(invited.status, 201);
      const { inviteId } = await latestInvitation(email);
      const signup = await send(signupRoute.POST, "/api/agents/v1/auth/signup", {
        method: "POST",
        body: { email, password: "secret123", name: "Newcomer" },
      });
      assert.equal(signup.status, 201);
      const verified = await send(verifyRoute.POST, "/api/agents/v1/auth/verify-email", {
        method: "POST",
        body: { verification_code: await latestCode(email) },
      });
      assert.equal(verified.status, 200);
      const res = await accept(verified.json.data.access_token, inviteId);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.equal(res.json.data.member.role, "viewer");
      const row = (await listTeam(owner.token)).json.data.find((r: { email: string }) => r.email === email);
      assert.equal(row.status, "active");
      assert.equal(row.name, "Newcomer");
      assert.ok(Date.parse(row.joined_at));
    });

    test("accept: someone else's invitation, an unknown or junk id → 404; an expired one → 410; no token → 401", async () => {
      const email = uniqueEmail("target");
      await invite(owner.token, { email });
      const { inviteId } = await latestInvitation(email);
      const res = await accept(stranger.token, inviteId);
      assert.equal(res.status, 404);
      assert.equal(res.json.error.code, "not_found");
      assert.equal((await accept(stranger.token, "00000000-0000-4000-8000-000000000000")).status, 404);
      assert.equal((await accept(stranger.token, "not-a-uuid")).status, 404);

      const late = await onboard();
      const invited = await invite(owner.token, { email: late.email });
      const db = await getDb();
      await db
        .update(teamMembers)
        .set({ inviteExpiresAt: new Date(Date.now() - 1000) })
        .where(eq(teamMembers.id, invited.json.data.id));
      const expired = await accept(late.token, invited.json.data.invite_id);
      assert.equal(expired.status, 410);
      assert.equal(expired.json.error.code, "invitation_expired");
      const anonymous = await send((await import("./invitations/[id]/accept/route")).POST, "/x", {
        method: "POST",
        params: { id: invited.json.data.invite_id },
      });
      assert.equal(anonymous.status, 401);
    });

    test("GET /teams/{id}: own member → 200; another account's, unknown or junk id → 404", async () => {
      const list = (await listTeam(owner.token)).json.data;
      const res = await onMember("GET", owner.token, list[0].id);
      assert.equal(res.status, 200);
      assert.equal(res.json.data.email, owner.email);
      for (const id of [list[0].id, 99_999_999, "abc", "0"]) {
        const other = await onMember("GET", stranger.token, id);
        assert.equal(other.status, 404, `id ${id}`);
        assert.equal(other.json.error.code, "not_found");
      }
      for (const method of ["PUT", "DELETE"] as const) {
        const other = await onMember(
          method,
          stranger.token,
          list[1].id,
          method === "PUT" ? { role: "viewer" } : undefined,
        );
        assert.equal(other.status, 404, method);
      }
      assert.equal((await resend(stranger.token, list[1].id)).status, 404);
    });

    test("PUT /teams/{id}: role change applies to the member's team token at once; audited", async () => {
      const admin = await addMember(owner, "admin");
      // As admin the member may invite…
      assert.equal((await invite(admin.teamToken, { email: uniqueEmail() })).status, 201);
      const res = await onMember("PUT", owner.token, admin.memberId, {
        role: "member",
        permissions: ["read"],
      });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.equal(res.json.data.role, "member");
      assert.ok(res.json.data.permissions.includes("fund"));
      assert.ok(!res.json.data.permissions.includes("manage_members"));
      // …and on the very next request, as member, may not.
      const refused = await invite(admin.teamToken, { email: uniqueEmail() });
      assert.equal(refused.status, 403);
      assert.equal(refused.json.error.code, "forbidden");
      assert.equal(refused.json.error.details.required_permission, "manage_members");
      const accountId = await accountIdOf(owner.token);
      assert.ok((await auditActions(accountId, String(admin.memberId))).includes("member.role_changed"));
      assert.equal((await getMe(admin.teamToken)).json.data.acting_account.role, "member");
    });

    test("PUT /teams/{id}: bad input 422; an admin cannot touch an owner or make one (403); the last owner stays (409); invite_status", async () => {
      const admin = await addMember(owner, "admin");
      const ownerRow = (await listTeam(owner.token)).json.data.find(
        (r: { email: string }) => r.email === owner.email,
      );
      for (const body of [{}, { role: "root" }, { permissions: ["fly"] }, { invite_status: "maybe" }]) {
        const res = await onMember("PUT", owner.token, admin.memberId, body);
        assert.equal(res.status, 422, JSON.stringify(body));
      }
      const demote = await onMember("PUT", admin.teamToken, ownerRow.id, { role: "member" });
      assert.equal(demote.status, 403);
      assert.equal(demote.json.error.code, "forbidden");
      const promote = await onMember("PUT", admin.teamToken, admin.memberId, { role: "owner" });
      assert.equal(promote.status, 403);
      const removeOwner = await onMember("DELETE", admin.teamToken, ownerRow.id);
      assert.equal(removeOwner.status, 403);
      const last = await onMember("PUT", owner.token, ownerRow.id, { role: "admin" });
      assert.equal(last.status, 409);
      assert.equal(last.json.error.code, "conflict");
      const pending = await invite(owner.token, { email: uniqueEmail() });
      const accepted = await onMember("PUT", owner.token, pending.json.data.id, {
        invite_status: "accepted",
      });
      assert.equal(accepted.status, 409);
      const restated = await onMember("PUT", owner.token, pending.json.data.id, {
        invite_status: "pending",
        role: "viewer",
      });
      assert.equal(restated.status, 200);
      assert.equal(restated.json.data.role, "viewer");
      assert.equal(restated.json.data.status, "pending");
    });

    test("a second owner may be demoted, but not the account's holder; the last-owner rule holds", async () => {
      const second = await addMember(owner, "owner");
      const holder = (await listTeam(owner.token)).json.data.find(
        (r: { email: string }) => r.email === owner.email,
      );
      const res = await onMember("PUT", second.teamToken, holder.id, { role: "admin" });
      assert.equal(res.status, 409);
      assert.equal(res.json.error.details.reason, "account_holder");
      const down = await onMember("PUT", owner.token, second.memberId, { role: "admin" });
      assert.equal(down.status, 200);
    });

    test("DELETE /teams/{id}: the member's team tokens stop at once, their team keys are deleted, the personal token lives; audited", async () => {
      const member = await addMember(owner, "member");
      const key = await send(apiKeysRoute.POST, "/api/agents/v1/api-keys", {
        method: "POST",
        headers: bearer(member.teamToken),
        body: { name: "team key" },
      });
      assert.equal(key.status, 201, JSON.stringify(key.json));
      assert.equal((await getMe(member.teamToken)).status, 200);
      const res = await onMember("DELETE", owner.token, member.memberId);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.equal(res.json.data.removed, true);
      assert.ok(res.json.data.revoked_tokens >= 1);
      assert.equal(res.json.data.deleted_api_keys, 1);
      const after = await getMe(member.teamToken);
      assert.equal(after.status, 401);
      assert.equal((await getMe(member.token)).status, 200, "the personal token is untouched");
      assert.equal((await onMember("GET", owner.token, member.memberId)).status, 404);
      const switched = await switchAccount(member.token, { team_member_id: member.memberId });
      assert.equal(switched.status, 404, "no way back in");
      const accountId = await accountIdOf(owner.token);
      assert.ok((await auditActions(accountId, String(member.memberId))).includes("member.removed"));
    });

    test("a member's generation API key stops when they become a viewer, and works again as member", async () => {
      const member = await addMember(owner, "member");
      const key = await send(apiKeysRoute.POST, "/api/agents/v1/api-keys", {
        method: "POST",
        headers: bearer(member.teamToken),
        body: { name: "spender" },
      });
      assert.equal(key.status, 201, JSON.stringify(key.json));
      const db = await getDb();
      const plaintext: string = key.json.data.key;
      assert.ok(await resolveApiKey(db, plaintext));
      assert.equal((await onMember("PUT", owner.token, member.memberId, { role: "viewer" })).status, 200);
      assert.equal(await resolveApiKey(db, plaintext), null);
      assert.equal((await onMember("PUT", owner.token, member.memberId, { role: "member" })).status, 200);
      assert.ok(await resolveApiKey(db, plaintext));
    });

    test("DELETE: a pending invitation is cancelled (its link stops working); members and viewers may not remove (403)", async () => {
      const invitee = await onboard();
      const pending = await invite(owner.token, { email: invitee.email });
      const viewer = await addMember(owner, "viewer");
      const member = await addMember(owner, "member");
      for (const token of [viewer.teamToken, member.teamToken]) {
        const res = await onMember("DELETE", token, pending.json.data.id);
        assert.equal(res.status, 403);
        assert.equal(res.json.error.code, "forbidden");
      }
      assert.equal((await listTeam(viewer.teamToken)).status, 200, "a viewer reads the roster");
      const res = await onMember("DELETE", owner.token, pending.json.data.id);
      assert.equal(res.status, 200);
      assert.equal(res.json.data.removed, true);
      assert.equal((await accept(invitee.token, pending.json.data.invite_id)).status, 404);
    });

    test("resend-invite: mails again and renews the expiry; too soon → 429; a joined member → 409; audited", async () => {
      const email = uniqueEmail("resend");
      const invited = await invite(owner.token, { email });
      const soon = await resend(owner.token, invited.json.data.id);
      assert.equal(soon.status, 429);
      assert.ok(Number(soon.headers.get("retry-after")) > 0);
      const db = await getDb();
      await db
        .update(teamMembers)
        .set({ inviteSentAt: new Date(Date.now() - 120_000), inviteExpiresAt: new Date(Date.now() + 1000) })
        .where(eq(teamMembers.id, invited.json.data.id));
      const res = await resend(owner.token, invited.json.data.id);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.ok(Date.parse(res.json.data.invite_expires_at) > Date.now() + 6 * 86_400_000);
      assert.equal((await mailbox(email)).length, 2);
      const joined = (await listTeam(owner.token)).json.data.find(
        (r: { email: string }) => r.email === owner.email,
      );
      assert.equal((await resend(owner.token, joined.id)).status, 409);
      const accountId = await accountIdOf(owner.token);
      assert.ok((await auditActions(accountId, String(invited.json.data.id))).includes("invitation.resent"));
    });
  });
}
