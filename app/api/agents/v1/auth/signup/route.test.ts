import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import * as meRoute from "@/app/api/agents/v1/me/route";
import * as mailboxRoute from "@/app/dev/mailbox/messages/route";
import { getDb } from "@/lib/db/client";
import { accounts, emailTokens, memberships, users } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import * as forgotRoute from "../forgot-password/route";
import * as logoutRoute from "../logout/route";
import * as resetRoute from "../reset-password/route";
import {
  bearer,
  codeFrom,
  latestCode,
  loginAs,
  mailbox,
  onboard,
  resetTokenFrom,
  send,
  uniqueEmail,
} from "../test-support";
import * as verifyRoute from "../verify-email/route";
import * as signupRoute from "./route";

/** The mailbox answers only this machine. */
const local = { ip: "127.0.0.1" };

const SIGNUP = "/api/agents/v1/auth/signup";
const signup = (body: unknown, headers: Record<string, string> = {}) =>
  send(signupRoute.POST, SIGNUP, { method: "POST", body, headers });

for (const kind of availableDatabases()) {
  describe(`signup and the seed flow on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    before(async () => {
      cleanup = await useFreshDatabase(kind);
    });
    after(() => cleanup());

    test("seed steps 1–2 verbatim: signup → code from the mailbox → verify → GET /me → logout → 401", async () => {
      const email = uniqueEmail("seed");
      // Step 1, the seed's body exactly (with a unique address).
      const created = await signup({ email, password: "secret123", name: "Agent Runner" });
      assert.equal(created.status, 201);
      assert.deepEqual(created.json.data.user, { name: "Agent Runner", email, verified: false });
      assert.match(created.json.data.message, /verification code/);
      assert.equal(created.json.error, null);

      // The agent reads the email, as a headless agent would.
      const [message] = await mailbox(email);
      assert.ok(message);
      assert.equal(message.to, email);
      assert.equal(message.subject, "Verify your email for Onramp");
      const code = codeFrom(message.text);
      assert.match(code ?? "", /^vc_[a-z2-7]{26}$/);
      assert.ok(message.text.includes(`http://127.0.0.1:3999/verify/${code}`), "the /verify/<code> link");
      assert.ok(message.html.includes(code!), "the HTML part carries the code too");

      // Step 2, the seed's body exactly.
      const verified = await send(verifyRoute.POST, "/api/agents/v1/auth/verify-email", {
        method: "POST",
        body: { verification_code: code },
      });
      assert.equal(verified.status, 200);
      const data = verified.json.data;
      assert.match(data.access_token, /^\d+\|onr_at_[A-Za-z0-9_-]{49}$/);
      assert.match(data.api_key, /^onr_ak_[A-Za-z0-9_-]{49}$/);
      assert.equal(data.token_type, "Bearer");
      assert.equal(data.token_expiry, "1_month");
      const expires = new Date(data.expires_at).getTime();
      assert.ok(expires > Date.now() + 27 * 86_400_000 && expires < Date.now() + 32 * 86_400_000);
      assert.equal(typeof data.message, "string");
      assert.equal(data.user.email, email);
      assert.equal(data.user.name, "Agent Runner");
      assert.equal(data.user.username, "agent_runner");
      assert.equal(data.user.verified, true);

      const me = await send(meRoute.GET, "/api/agents/v1/me", { headers: bearer(data.access_token) });
      assert.equal(me.status, 200);
      assert.equal(me.json.data.id, data.user.id);
      assert.equal(me.json.data.email, email);
      assert.equal(me.json.data.wallet_balance, 0);

      const out = await send(logoutRoute.POST, "/api/agents/v1/auth/logout", {
        method: "POST",
        headers: bearer(data.access_token),
      });
      assert.equal(out.status, 200);
      const after = await send(meRoute.GET, "/api/agents/v1/me", { headers: bearer(data.access_token) });
      assert.equal(after.status, 401);
      assert.equal(after.json.error.code, "unauthenticated");
    });

    test("signup creates the user, a personal account with the same username and an owner membership", async () => {
      const email = uniqueEmail();
      await signup({ email: email.toUpperCase(), password: "secret123" });
      const db = await getDb();
      const [user] = await db.select().from(users).where(eq(users.email, email));
      assert.ok(user, "stored lowercased");
      assert.equal(user.verifiedAt, null);
      assert.match(user.passwordHash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      const [account] = await db.select().from(accounts).where(eq(accounts.id, user.personalAccountId));
      assert.equal(account?.kind, "personal");
      assert.equal(account?.username, user.username);
      assert.equal(account?.stripeCustomerId, null, "the Stripe customer is created on first billing use");
      const [membership] = await db.select().from(memberships).where(eq(memberships.userId, user.id));
      assert.equal(membership?.role, "owner");
      assert.equal(membership?.accountId, account?.id);
      // Only a hash of the code is stored.
      const code = await latestCode(email);
      const rows = await db.select().from(emailTokens).where(eq(emailTokens.userId, user.id));
      assert.equal(rows.length, 1);
      assert.ok(!JSON.stringify(rows).includes(code));
      assert.match(rows[0]!.tokenHash, /^[0-9a-f]{64}$/);
    });

    test("usernames come from the name, else the email, and never collide", async () => {
      const a = await onboard({ name: "Zed Ünïcode Bot" });
      const b = await onboard({ name: "Zed Ünïcode Bot" });
      const db = await getDb();
      const names = await db
        .select({ u: users.username })
        .from(users)
        .where(eq(users.name, "Zed Ünïcode Bot"));
      assert.equal(names.length, 2);
      assert.ok(names.some((n) => n.u === "zed_unicode_bot"));
      assert.ok(names.every((n) => /^zed_unicode_bot(_[0-9a-f]{6})?$/.test(n.u)));
      assert.notEqual(a.userId, b.userId);
      const email = uniqueEmail("nameless");
      assert.equal((await signup({ email, password: "secret123" })).json.data.user.name, email.split("@")[0]);
    });

    test("validation errors: 422 with details per field; nothing is created", async () => {
      const cases: [unknown, string[]][] = [
        [{}, ["email", "password"]],
        [{ email: "not-an-email", password: "secret123" }, ["email"]],
        [{ email: uniqueEmail(), password: "short" }, ["password"]],
        [{ email: uniqueEmail(), password: "x".repeat(257) }, ["password"]],
        [
          { email: uniqueEmail(), password: "secret123", password_confirmation: "secret124" },
          ["password_confirmation"],
        ],
        [{ email: uniqueEmail(), password: 12345678 }, ["password"]],
        [{ email: uniqueEmail(), password: "secret123", name: "n".repeat(101) }, ["name"]],
      ];
      for (const [body, fields] of cases) {
        const res = await signup(body);
        assert.equal(res.status, 422, JSON.stringify(body).slice(0, 80));
        assert.equal(res.json.error.code, "validation_error");
        assert.deepEqual(Object.keys(res.json.error.details).sort(), fields.sort());
      }
      const db = await getDb();
      assert.equal(
        (
          await db
            .select()
            .from(users)
            .where(eq(users.name, "n".repeat(101)))
        ).length,
        0,
      );
    });

    test("passwords: 8 and 256 characters, no composition rules, confirmation accepted when it matches", async () => {
      for (const password of ["abcdefgh", "p".repeat(256), "пароль-мой", "secret123"]) {
        const res = await signup({ email: uniqueEmail(), password, password_confirmation: password });
        assert.equal(res.status, 201, password.slice(0, 20));
      }
    });

    test("bad JSON → 400 invalid_json; a bearer token on this public route is ignored", async () => {
      const bad = await send(signupRoute.POST, SIGNUP, {
        method: "POST",
        rawBody: '{"email":',
        headers: { "content-type": "application/json" },
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.json.error.code, "invalid_json");
      const withToken = await signup(
        { email: uniqueEmail(), password: "secret123" },
        { authorization: "Bearer 1|garbage" },
      );
      assert.equal(withToken.status, 201);
      const wrongMethod = await send(signupRoute.GET, SIGNUP);
      assert.equal(wrongMethod.status, 405);
      assert.equal(wrongMethod.headers.get("allow"), "POST");
    });

    test("enumeration: a taken email gets the same status, shape and headers; its owner is told instead", async () => {
      const owner = await onboard();
      const fresh = uniqueEmail();
      const forNew = await signup({ email: fresh, password: "other-password", name: "Someone" });
      const forTaken = await signup({ email: owner.email, password: "other-password", name: "Someone" });
      assert.equal(forTaken.status, forNew.status);
      assert.deepEqual(Object.keys(forTaken.json.data).sort(), Object.keys(forNew.json.data).sort());
      assert.deepEqual(
        Object.keys(forTaken.json.data.user).sort(),
        Object.keys(forNew.json.data.user).sort(),
      );
      assert.deepEqual(forTaken.json.data.user, { name: "Someone", email: owner.email, verified: false });
      assert.equal(
        forTaken.json.data.message.replace(owner.email, "X"),
        forNew.json.data.message.replace(fresh, "X"),
      );
      const headerNames = (h: Headers) =>
        [...h.keys()].filter((k) => k !== "x-request-id" && !k.startsWith("x-ratelimit-reset")).sort();
      assert.deepEqual(headerNames(forTaken.headers), headerNames(forNew.headers));

      const [notice] = await mailbox(owner.email);
      assert.equal(notice?.subject, "Someone tried to sign up with your address");
      assert.ok(!codeFrom(notice!.text), "no code for an account that is already verified");
      assert.ok(notice!.html.includes("<html"));
      // The existing account is untouched: the old password still works.
      const db = await getDb();
      const [user] = await db.select().from(users).where(eq(users.email, owner.email));
      assert.equal(user?.name, "Agent Runner");
    });

    test("signing up again before verifying mails a fresh code that replaces the first", async () => {
      const email = uniqueEmail();
      await signup({ email, password: "secret123" });
      const first = await latestCode(email);
      await signup({ email, password: "secret123" });
      const second = await latestCode(email);
      assert.notEqual(first, second);
      const old = await send(verifyRoute.POST, "/api/agents/v1/auth/verify-email", {
        method: "POST",
        body: { verification_code: first },
      });
      assert.equal(old.status, 422);
      assert.equal(old.json.error.code, "invalid_verification_code");
      const ok = await send(verifyRoute.POST, "/api/agents/v1/auth/verify-email", {
        method: "POST",
        body: { verification_code: second },
      });
      assert.equal(ok.status, 200);
    });

    test("takeover before verification (the reported repro): the other party's password never works", async () => {
      const email = uniqueEmail("victim");
      assert.equal((await signup({ email, password: "victim-password", name: "Victim Bot" })).status, 201);
      // Someone else posts the victim's address with their own password six times: the first four
      // mail the victim new codes, then the hourly mail cap stops them.
      for (let i = 0; i < 6; i++) {
        const res = await signup({ email, password: "attacker-pass", name: "Mallory" });
        assert.equal(res.status, 201, "the same answer as for a new address");
      }
      const mails = await mailbox(email);
      assert.equal(mails.length, 5, "signup + 4 repeated signups, then the cap");
      // The victim verifies with the newest code received, which a repeated signup caused.
      const verified = await send(verifyRoute.POST, "/api/agents/v1/auth/verify-email", {
        method: "POST",
        body: { verification_code: await latestCode(email) },
      });
      assert.equal(verified.status, 200);
      assert.equal(verified.json.data.user.name, "Victim Bot", "the name did not change either");
      // The mailbox holder is signed in by the code; the contested password was not kept.
      assert.equal(verified.json.data.password_reset_required, true);
      assert.match(verified.json.data.message, /forgot-password/);
      const me = await send(meRoute.GET, "/api/agents/v1/me", {
        headers: bearer(verified.json.data.access_token),
      });
      assert.equal(me.status, 200);
      const attacker = await loginAs({ email, password: "attacker-pass" });
      assert.equal(attacker.status, 401);
      assert.equal(attacker.json.error.code, "invalid_credentials");
      assert.equal((await loginAs({ email, password: "victim-password" })).status, 401);
      // The repeated signups' mails told the owner what verifying would do.
      assert.match(mails[0]!.text, /keeps neither password/);
      assert.doesNotMatch(mails.at(-1)!.text, /neither password/, "the first mail carries no such note");
      // The owner sets a password with forgot-password; once verified, a signup changes nothing.
      await send(forgotRoute.POST, "/api/agents/v1/auth/forgot-password", {
        method: "POST",
        body: { email },
      });
      const reset = await send(resetRoute.POST, "/api/agents/v1/auth/reset-password", {
        method: "POST",
        body: {
          email,
          token: resetTokenFrom((await mailbox(email))[0]!.text),
          password: "victim-new-password",
          password_confirmation: "victim-new-password",
        },
      });
      assert.equal(reset.status, 200);
      await signup({ email, password: "attacker-pass", name: "Mallory" });
      assert.equal((await loginAs({ email, password: "attacker-pass" })).status, 401);
      assert.equal((await loginAs({ email, password: "victim-new-password" })).status, 200);
    });

    test("a stranger who registers the address first never gets in once its owner signs up and verifies", async () => {
      const email = uniqueEmail("late-owner");
      await signup({ email, password: "stranger-password", name: "Stranger" });
      await signup({ email, password: "owner-password", name: "Owner Bot" });
      const [notice] = await mailbox(email);
      assert.match(notice!.text, /different password/);
      const verified = await send(verifyRoute.POST, "/api/agents/v1/auth/verify-email", {
        method: "POST",
        body: { verification_code: await latestCode(email) },
      });
      assert.equal(verified.status, 200);
      assert.equal(verified.json.data.password_reset_required, true);
      assert.equal((await loginAs({ email, password: "stranger-password" })).status, 401);
      assert.equal((await loginAs({ email, password: "owner-password" })).status, 401);
      await send(forgotRoute.POST, "/api/agents/v1/auth/forgot-password", {
        method: "POST",
        body: { email },
      });
      const reset = await send(resetRoute.POST, "/api/agents/v1/auth/reset-password", {
        method: "POST",
        body: {
          email,
          token: resetTokenFrom((await mailbox(email))[0]!.text),
          password: "owner-password",
          password_confirmation: "owner-password",
        },
      });
      assert.equal(reset.status, 200);
      assert.equal((await loginAs({ email, password: "stranger-password" })).status, 401);
      assert.equal((await loginAs({ email, password: "owner-password" })).status, 200);
    });

    test("signing up again with the same password (a double submit) keeps it: no contest", async () => {
      const email = uniqueEmail("double");
      await signup({ email, password: "same-password" });
      await signup({ email, password: "same-password" });
      assert.match((await mailbox(email))[0]!.text, /fresh code/);
      const verified = await send(verifyRoute.POST, "/api/agents/v1/auth/verify-email", {
        method: "POST",
        body: { verification_code: await latestCode(email) },
      });
      assert.equal(verified.status, 200);
      assert.equal(verified.json.data.password_reset_required, undefined);
      assert.equal((await loginAs({ email, password: "same-password" })).status, 200);
    });

    test("names with control characters are refused (they are printed into emails)", async () => {
      const res = await signup({
        email: uniqueEmail(),
        password: "secret123",
        name: "Bot\nVerification code: vc_aaaaaaaaaaaaaaaaaaaaaaaaaa",
      });
      assert.equal(res.status, 422);
      assert.deepEqual(res.json.error.details, { name: ["must not contain control characters"] });
    });

    test("concurrent signups with one email create exactly one user", async () => {
      const email = uniqueEmail("race");
      const results = await Promise.all(
        Array.from({ length: 5 }, () => signup({ email, password: "secret123" })),
      );
      assert.ok(results.every((r) => r.status === 201));
      const db = await getDb();
      assert.equal((await db.select().from(users).where(eq(users.email, email))).length, 1);
    });

    test("mailbox JSON: newest first, filtered by recipient (case-insensitive)", async () => {
      const email = uniqueEmail("box");
      await signup({ email, password: "secret123" });
      await signup({ email, password: "secret123" });
      const res = await send(
        mailboxRoute.GET,
        `/dev/mailbox/messages?to=${encodeURIComponent(email.toUpperCase())}`,
        local,
      );
      assert.equal(res.status, 200);
      const list = res.json.data as {
        id: string;
        to: string;
        created_at: string;
        text: string;
        html: string;
      }[];
      assert.equal(list.length, 2);
      assert.ok(list.every((m) => m.to === email && m.text && m.html && m.id));
      assert.ok(list[0]!.created_at >= list[1]!.created_at);
      assert.equal(codeFrom(list[0]!.text), await latestCode(email));
      const all = await send(mailboxRoute.GET, "/dev/mailbox/messages?limit=1", local);
      assert.equal(all.json.data.length, 1);
      const bad = await send(mailboxRoute.GET, "/dev/mailbox/messages?limit=0", local);
      assert.equal(bad.status, 422);
    });
  });
}

describe("the mailbox outside local mode", () => {
  let cleanup: () => Promise<void>;
  before(async () => {
    process.env.STRIPE_SECRET_KEY = "sk_test_real_stripe";
    process.env.STRIPE_PUBLISHABLE_KEY = "pk_test_real_stripe";
    resetEnvCache();
    cleanup = await useFreshDatabase("pglite");
  });
  after(async () => {
    delete process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_PUBLISHABLE_KEY;
    resetEnvCache();
    await cleanup();
  });

  test("answers 404", async () => {
    const res = await send(mailboxRoute.GET, "/dev/mailbox/messages?to=a@b.io", local);
    assert.equal(res.status, 404);
    assert.equal(res.json.error.code, "route_not_found");
  });
});
