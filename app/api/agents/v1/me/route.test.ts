import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { accounts, users } from "@/lib/db/schema";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { type Agent, bearer, loginAs, mailbox, onboard, send } from "../auth/test-support";
import * as passwordRoute from "./password/route";
import * as preferencesRoute from "./preferences/route";
import * as meRoute from "./route";
import * as socialsRoute from "./socials/route";

const getMe = (token: string) => send(meRoute.GET, "/api/agents/v1/me", { headers: bearer(token) });
const patch = (handler: Parameters<typeof send>[0], path: string, token: string, body: unknown) =>
  send(handler, path, { method: "PATCH", headers: bearer(token), body });
const patchMe = (token: string, body: unknown) => patch(meRoute.PATCH, "/api/agents/v1/me", token, body);
const patchPrefs = (token: string, body: unknown) =>
  patch(preferencesRoute.PATCH, "/api/agents/v1/me/preferences", token, body);
const patchSocials = (token: string, body: unknown) =>
  patch(socialsRoute.PATCH, "/api/agents/v1/me/socials", token, body);
const patchPassword = (token: string, body: unknown) =>
  patch(passwordRoute.PATCH, "/api/agents/v1/me/password", token, body);

for (const kind of availableDatabases()) {
  describe(`profile (/me) on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    let agent: Agent;
    before(async () => {
      cleanup = await useFreshDatabase(kind);
      agent = await onboard({ name: "Profile Bot" });
    });
    after(() => cleanup());

    test("GET /me: the user, preferences, socials, acting account and wallet summary", async () => {
      const res = await getMe(agent.token);
      assert.equal(res.status, 200);
      const d = res.json.data;
      assert.equal(d.id, agent.userId);
      assert.equal(d.name, "Profile Bot");
      assert.equal(d.email, agent.email);
      assert.equal(d.username, "profile_bot");
      assert.equal(d.verified, true);
      assert.ok(Date.parse(d.email_verified_at));
      assert.equal(d.about_me, null);
      assert.deepEqual(d.socials, {
        facebook: null,
        github: null,
        twitter: null,
        instagram: null,
        discord: null,
        website: null,
      });
      assert.deepEqual(d.preferences, {
        nsfw_content: false,
        wallet_notification_enabled: false,
        wallet_notification_threshold: null,
        nsfw_enabled: false,
        notifications_enabled: false,
      });
      assert.equal(d.wallet_balance, 0);
      assert.equal(d.currency, "USD");
      assert.deepEqual(
        { ...d.account, id: undefined },
        { id: undefined, kind: "personal", name: "Profile Bot", username: "profile_bot", role: "owner" },
      );
      assert.equal(d.password_hash, undefined);
      assert.ok(!JSON.stringify(d).includes("argon2"));
    });

    test("PATCH /me: name, username (the personal account follows) and about_me, alias about", async () => {
      const res = await patchMe(agent.token, {
        name: "Renamed Bot",
        username: "Renamed_Bot_1",
        about: "I render.",
      });
      assert.equal(res.status, 200);
      assert.equal(res.json.data.name, "Renamed Bot");
      assert.equal(res.json.data.username, "renamed_bot_1");
      assert.equal(res.json.data.about_me, "I render.");
      assert.equal(res.json.data.account.username, "renamed_bot_1");
      assert.equal(res.json.data.account.name, "Renamed Bot");
      const db = await getDb();
      const [account] = await db.select().from(accounts).where(eq(accounts.username, "renamed_bot_1"));
      assert.ok(account);
      // about_me wins over about; null clears.
      const both = await patchMe(agent.token, { about_me: "documented", about: "cli" });
      assert.equal(both.json.data.about_me, "documented");
      assert.equal((await patchMe(agent.token, { about_me: null })).json.data.about_me, null);
      // An empty body changes nothing.
      const same = await patchMe(agent.token, {});
      assert.equal(same.status, 200);
      assert.equal(same.json.data.name, "Renamed Bot");
    });

    test("PATCH /me: a taken or malformed username → 422 validation_error", async () => {
      const other = await onboard({ name: "Taken Name" });
      const taken = await patchMe(agent.token, { username: "taken_name" });
      assert.equal(taken.status, 422);
      assert.deepEqual(taken.json.error.details, { username: ["is already taken"] });
      for (const username of ["ab", "has space", "-dash", "x".repeat(31), "émile"]) {
        const res = await patchMe(agent.token, { username });
        assert.equal(res.status, 422, username);
        assert.ok(res.json.error.details.username);
      }
      assert.equal((await patchMe(agent.token, { name: "" })).status, 422);
      assert.equal((await patchMe(agent.token, { name: "a\u0007b" })).status, 422);
      assert.equal((await getMe(other.token)).json.data.username, "taken_name");
    });

    test("PATCH /me/preferences: documented names and the CLI's aliases; threshold in USD", async () => {
      const res = await patchPrefs(agent.token, {
        nsfw_enabled: true,
        notifications_enabled: "true",
        wallet_notification_threshold: 12.5,
      });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json.data.preferences, {
        nsfw_content: true,
        wallet_notification_enabled: true,
        wallet_notification_threshold: 12.5,
        nsfw_enabled: true,
        notifications_enabled: true,
      });
      const db = await getDb();
      const [user] = await db.select().from(users).where(eq(users.id, agent.userId));
      assert.equal(user?.walletNotificationThresholdMinor, 1250, "stored as cents");

      const partial = await patchPrefs(agent.token, {
        nsfw_content: false,
        wallet_notification_threshold: "7",
      });
      assert.deepEqual(partial.json.data.preferences, {
        nsfw_content: false,
        wallet_notification_enabled: true,
        wallet_notification_threshold: 7,
        nsfw_enabled: false,
        notifications_enabled: true,
      });
      assert.equal(
        (await patchPrefs(agent.token, { wallet_notification_threshold: null })).json.data.preferences
          .wallet_notification_threshold,
        null,
      );
      for (const body of [
        { wallet_notification_threshold: 1.234 },
        { wallet_notification_threshold: -1 },
        { wallet_notification_threshold: "ten" },
        { wallet_notification_threshold: 2_000_000 },
        { nsfw_content: "maybe" },
      ]) {
        const bad = await patchPrefs(agent.token, body);
        assert.equal(bad.status, 422, JSON.stringify(body));
        assert.equal(bad.json.error.code, "validation_error");
      }
    });

    test("PATCH /me/socials: URLs and a discord handle; null or empty removes one", async () => {
      const res = await patchSocials(agent.token, {
        github: "https://github.com/agent",
        twitter: "https://x.com/agent",
        discord: "agent#0001",
        website: "https://agent.example",
      });
      assert.equal(res.status, 200);
      assert.equal(res.json.data.socials.github, "https://github.com/agent");
      assert.equal(res.json.data.socials.discord, "agent#0001");
      assert.equal(res.json.data.socials.website, "https://agent.example");
      const cleared = await patchSocials(agent.token, { github: null, twitter: "" });
      assert.equal(cleared.json.data.socials.github, null);
      assert.equal(cleared.json.data.socials.twitter, null);
      assert.equal(cleared.json.data.socials.website, "https://agent.example", "untouched fields stay");
      for (const body of [{ github: "octocat" }, { facebook: "javascript:alert(1)" }, { instagram: 5 }]) {
        const bad = await patchSocials(agent.token, body);
        assert.equal(bad.status, 422, JSON.stringify(body));
      }
    });

    test("PATCH /me/password: needs the current password; mails a notice; can revoke the other tokens", async () => {
      const a = await onboard();
      const other = (await loginAs(a)).json.data.access_token;
      const wrong = await patchPassword(a.token, {
        current_password: "not-it-at-all",
        password: "a-new-password",
        password_confirmation: "a-new-password",
      });
      assert.equal(wrong.status, 422);
      assert.deepEqual(wrong.json.error.details, { current_password: ["is incorrect"] });
      const missing = await patchPassword(a.token, {
        current_password: a.password,
        password: "a-new-password",
      });
      assert.equal(missing.status, 422);
      assert.ok(missing.json.error.details.password_confirmation);

      const ok = await patchPassword(a.token, {
        current_password: a.password,
        password: "a-new-password",
        password_confirmation: "a-new-password",
        revoke_other_tokens: true,
      });
      assert.equal(ok.status, 200);
      assert.equal(ok.json.data.revoked_tokens, 1);
      assert.equal((await getMe(a.token)).status, 200, "the calling token keeps working");
      assert.equal((await getMe(other)).status, 401);
      assert.equal((await loginAs(a)).status, 401);
      assert.equal((await loginAs({ email: a.email, password: "a-new-password" })).status, 200);
      const [notice] = await mailbox(a.email);
      assert.equal(notice?.subject, "Your Onramp password was changed");
    });

    test("scopes: GET needs profile:read, the PATCHes need profile:write", async () => {
      const writeOnly = (await loginAs(agent, { scopes: ["profile:write"] })).json.data.access_token;
      const readOnly = (await loginAs(agent, { scopes: ["profile:read"] })).json.data.access_token;
      assert.equal((await getMe(writeOnly)).status, 403);
      assert.equal((await patchMe(writeOnly, { name: "Scoped" })).status, 200);
      for (const res of [
        await patchPrefs(readOnly, { nsfw_content: true }),
        await patchSocials(readOnly, { github: null }),
        await patchPassword(readOnly, {
          current_password: "x",
          password: "yyyyyyyy",
          password_confirmation: "yyyyyyyy",
        }),
      ]) {
        assert.equal(res.status, 403);
        assert.equal(res.json.error.details.required_scope, "profile:write");
      }
    });
  });
}
