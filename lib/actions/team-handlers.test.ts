import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { resolveDashboardSession } from "@/lib/auth/dashboard-sessions";
import { getDb } from "@/lib/db/client";
import { loadTeam } from "@/lib/query/loaders";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { signedInHuman } from "@/tests/helpers/human";
import { toFailure } from "./result";
import {
  handleAcceptInvitation,
  handleChangeRole,
  handleInvite,
  handleRemoveMember,
  handleResendInvite,
  handleSwitchAccount,
} from "./team-handlers";

const failureOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return toFailure(error);
  }
  assert.fail("expected the handler to fail");
};

for (const kind of availableDatabases()) {
  describe(`dashboard team actions on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    before(async () => {
      cleanup = await useFreshDatabase(kind);
    });
    after(() => cleanup());

    test("invite → the invitee sees it under 'invitations for you', joins, and the session acts for the team", async () => {
      const owner = await signedInHuman();
      const invitee = await signedInHuman();
      const invited = await handleInvite(await owner.ctx(), { email: invitee.human.email, role: "admin" });
      assert.equal(invited.status, "pending");
      const db = await getDb();
      const theirs = await loadTeam(db, invitee.human);
      assert.equal(theirs.invitationsForYou.length, 1);
      assert.equal(theirs.invitationsForYou[0]?.role, "admin");
      const joined = await handleAcceptInvitation(await invitee.ctx(), {
        invite_id: theirs.invitationsForYou[0]?.inviteId,
      });
      assert.equal(joined.accountId, owner.human.accountId);
      const session = await resolveDashboardSession(db, {
        sessionId: invitee.human.sessionId,
        userId: invitee.human.userId,
        accountId: invitee.human.accountId,
      });
      assert.equal(session?.accountId, owner.human.accountId, "the browser now acts for the team");
      assert.equal(session?.role, "admin");
      const team = await loadTeam(db, owner.human);
      assert.equal(team.canManage, true);
      assert.deepEqual(
        team.members.map((m) => [m.email, m.status, m.role]),
        [
          [owner.human.email, "active", "owner"],
          [invitee.human.email, "active", "admin"],
        ],
      );

      // Back to the personal account; an account the person is not in → not_found.
      await handleSwitchAccount({ db, human: session! }, { account_id: invitee.human.accountId });
      const back = await resolveDashboardSession(db, {
        sessionId: invitee.human.sessionId,
        userId: invitee.human.userId,
        accountId: owner.human.accountId,
      });
      assert.equal(back?.accountId, invitee.human.accountId);
      const stranger = await signedInHuman();
      const refused = await failureOf(
        handleSwitchAccount(await invitee.ctx(), { account_id: stranger.human.accountId }),
      );
      assert.equal(refused.code, "not_found");
      assert.equal(
        (await failureOf(handleSwitchAccount(await invitee.ctx(), { account_id: "junk" }))).code,
        "not_found",
      );
    });

    test("a member removed while their browser acts for the team is moved back to their personal account", async () => {
      const owner = await signedInHuman();
      const invitee = await signedInHuman();
      const invited = await handleInvite(await owner.ctx(), { email: invitee.human.email });
      await handleAcceptInvitation(await invitee.ctx(), { invite_id: invited.invite_id });
      const db = await getDb();
      const claims = {
        sessionId: invitee.human.sessionId,
        userId: invitee.human.userId,
        accountId: invitee.human.accountId,
      };
      assert.equal((await resolveDashboardSession(db, claims))?.accountId, owner.human.accountId);
      await handleRemoveMember(await owner.ctx(), { id: invited.id });
      const after = await resolveDashboardSession(db, claims);
      assert.equal(after?.accountId, invitee.human.accountId);
      assert.equal(after?.role, "owner");
    });

    test("role change, resend too soon, remove; bad input is a validation error", async () => {
      const owner = await signedInHuman();
      const invitee = await signedInHuman();
      const invited = await handleInvite(await owner.ctx(), { email: invitee.human.email });
      assert.equal(invited.role, "member");
      const changed = await handleChangeRole(await owner.ctx(), { id: String(invited.id), role: "viewer" });
      assert.equal(changed.role, "viewer");
      assert.equal(
        (await failureOf(handleResendInvite(await owner.ctx(), { id: invited.id }))).code,
        "rate_limited",
      );
      const bad = await failureOf(handleChangeRole(await owner.ctx(), { id: invited.id, role: "boss" }));
      assert.equal(bad.code, "validation_error");
      assert.ok(bad.fieldErrors.role);
      assert.equal(
        (await failureOf(handleInvite(await owner.ctx(), { email: "nope" }))).code,
        "validation_error",
      );
      const removed = await handleRemoveMember(await owner.ctx(), { id: invited.id });
      assert.equal(removed.removed, true);
      const other = await signedInHuman();
      assert.equal(
        (await failureOf(handleRemoveMember(await other.ctx(), { id: invited.id }))).code,
        "not_found",
      );
    });
  });
}
