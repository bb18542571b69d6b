import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { POST as resetRoute } from "@/app/api/agents/v1/auth/reset-password/route";
import {
  endDashboardSession,
  endOtherDashboardSessions,
  resolveDashboardSession,
  startDashboardSession,
} from "@/lib/auth/dashboard-sessions";
import { getDb } from "@/lib/db/client";
import { dashboardSessions, memberships, users } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { listMailbox } from "@/lib/mail/mailbox";
import { forgotPassword } from "@/lib/sign-in/forgot-password";
import { LOGIN_LOCK_THRESHOLD } from "@/lib/sign-in/login";
import { checkPasswordSignIn } from "@/lib/sign-in/password-sign-in";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { call } from "@/tests/helpers/http";
import { signedInHuman } from "@/tests/helpers/human";

const code = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return "ok";
  } catch (error) {
    assert.ok(isAppError(error), String(error));
    return error.code;
  }
};

for (const kind of availableDatabases()) {
  describe(`dashboard sign-in and sessions on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    before(async () => {
      resetEnvCache();
      resetRateLimiters();
      cleanup = await useFreshDatabase(kind);
    });
    after(async () => cleanup());

    test("the password check: right, wrong (counted), unknown, unverified, locked", async () => {
      const { agent } = await signedInHuman();
      const db = await getDb();
      const user = await checkPasswordSignIn(db, { email: agent.email.toUpperCase(), password: "secret123" });
      assert.equal(user.email, agent.email);
      assert.equal(
        await code(checkPasswordSignIn(db, { email: agent.email, password: "wrong-one" })),
        "invalid_credentials",
      );
      const [counted] = await db.select().from(users).where(eq(users.id, user.id));
      assert.equal(counted?.failedLoginCount, 1);
      await checkPasswordSignIn(db, { email: agent.email, password: "secret123" });
      const [cleared] = await db.select().from(users).where(eq(users.id, user.id));
      assert.equal(cleared?.failedLoginCount, 0, "a good sign-in clears the count");
      assert.equal(
        await code(checkPasswordSignIn(db, { email: "nobody@example.com", password: "secret123" })),
        "invalid_credentials",
      );
      await db.update(users).set({ verifiedAt: null }).where(eq(users.id, user.id));
      assert.equal(
        await code(checkPasswordSignIn(db, { email: agent.email, password: "secret123" })),
        "email_not_verified",
      );
      assert.equal(
        await code(checkPasswordSignIn(db, { email: agent.email, password: "nope-nope" })),
        "invalid_credentials",
        "an unverified account is only revealed to someone who knows the password",
      );
      await db
        .update(users)
        .set({ verifiedAt: new Date(), failedLoginCount: LOGIN_LOCK_THRESHOLD })
        .where(eq(users.id, user.id));
      assert.equal(
        await code(checkPasswordSignIn(db, { email: agent.email, password: "secret123" })),
        "account_locked",
      );
    });

    test("a session resolves while live; sign-out, expiry, membership and a password reset each end it", async () => {
      const { human, agent } = await signedInHuman();
      const db = await getDb();
      const claims = { sessionId: human.sessionId, userId: human.userId, accountId: human.accountId };
      const resolved = await resolveDashboardSession(db, claims);
      assert.deepEqual(resolved, human);

      // Claims that do not match the row (another user's id, garbage) resolve to nothing.
      const other = await signedInHuman();
      assert.equal(await resolveDashboardSession(db, { ...claims, userId: other.human.userId }), null);
      // The acting account is the row's (the switcher moves it), never one the JWT names.
      assert.equal(
        (await resolveDashboardSession(db, { ...claims, accountId: other.human.accountId }))?.accountId,
        human.accountId,
      );
      assert.equal(await resolveDashboardSession(db, { ...claims, sessionId: "not-a-uuid" }), null);

      await endDashboardSession(db, human.sessionId);
      assert.equal(await resolveDashboardSession(db, claims), null, "signed out");

      const user = (await db.select().from(users).where(eq(users.id, human.userId)))[0]!;
      const expired = await startDashboardSession(db, {
        userId: user.id,
        accountId: user.personalAccountId,
        passwordHash: user.passwordHash,
        userAgent: null,
        now: new Date(Date.now() - 13 * 3_600_000),
      });
      assert.equal(await resolveDashboardSession(db, { ...claims, sessionId: expired.id }), null, "expired");

      const live = await startDashboardSession(db, {
        userId: user.id,
        accountId: user.personalAccountId,
        passwordHash: user.passwordHash,
        userAgent: null,
      });
      const liveClaims = { ...claims, sessionId: live.id };
      assert.ok(await resolveDashboardSession(db, liveClaims));
      await db.update(memberships).set({ role: "viewer" }).where(eq(memberships.userId, user.id));
      assert.equal((await resolveDashboardSession(db, liveClaims))?.role, "viewer", "the role is read fresh");
      await db.delete(memberships).where(eq(memberships.userId, user.id));
      assert.equal(await resolveDashboardSession(db, liveClaims), null, "no longer a member");
      await db
        .insert(memberships)
        .values({ userId: user.id, accountId: user.personalAccountId, role: "owner" });
      assert.ok(await resolveDashboardSession(db, liveClaims));

      // A reset through the agents API (not the dashboard) still ends the browser session.
      await forgotPassword(db, { email: agent.email });
      const [mail] = await listMailbox(db, { to: agent.email, limit: 1 });
      const token = /Reset token: (\S+)/.exec(mail?.text ?? "")?.[1];
      assert.ok(token);
      const reset = await call(resetRoute, "/api/agents/v1/auth/reset-password", {
        method: "POST",
        body: {
          email: agent.email,
          token,
          password: "a-new-password",
          password_confirmation: "a-new-password",
        },
      });
      assert.equal(reset.status, 200);
      assert.equal(await resolveDashboardSession(db, liveClaims), null, "the password changed since sign-in");
    });

    test("sign out of other browsers spares this one and touches nobody else", async () => {
      const { human } = await signedInHuman();
      const stranger = await signedInHuman();
      const db = await getDb();
      const user = (await db.select().from(users).where(eq(users.id, human.userId)))[0]!;
      const second = await startDashboardSession(db, {
        userId: user.id,
        accountId: user.personalAccountId,
        passwordHash: user.passwordHash,
        userAgent: "second browser",
      });
      assert.equal(
        await endOtherDashboardSessions(db, { userId: human.userId, exceptSessionId: human.sessionId }),
        1,
      );
      const claims = { userId: human.userId, accountId: human.accountId };
      assert.ok(await resolveDashboardSession(db, { ...claims, sessionId: human.sessionId }));
      assert.equal(await resolveDashboardSession(db, { ...claims, sessionId: second.id }), null);
      assert.ok(
        await resolveDashboardSession(db, {
          sessionId: stranger.human.sessionId,
          userId: stranger.human.userId,
          accountId: stranger.human.accountId,
        }),
      );
      const [row] = await db.select().from(dashboardSessions).where(eq(dashboardSessions.id, second.id));
      assert.equal(row?.userAgent, "second browser");
    });
  });
}
