import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import * as keysRoute from "@/app/api/agents/v1/api-keys/route";
import * as meRoute from "@/app/api/agents/v1/me/route";
import { resolveApiKey } from "@/lib/api-keys/resolve-api-key";
import { RESET_TOKEN_MAX_ATTEMPTS } from "@/lib/auth/email-secrets";
import { getDb } from "@/lib/db/client";
import { emailTokens } from "@/lib/db/schema";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import * as forgotRoute from "../forgot-password/route";
import {
  type Agent,
  bearer,
  loginAs,
  mailbox,
  onboard,
  resetTokenFrom,
  send,
  uniqueEmail,
} from "../test-support";
import * as resetRoute from "./route";

const forgot = (email: string) =>
  send(forgotRoute.POST, "/api/agents/v1/auth/forgot-password", { method: "POST", body: { email } });
const reset = (body: Record<string, unknown>) =>
  send(resetRoute.POST, "/api/agents/v1/auth/reset-password", { method: "POST", body });
const resetWith = (email: string, token: string | undefined, password = "brand-new-pass") =>
  reset({ email, token, password, password_confirmation: password });

async function requestToken(agent: Agent): Promise<string> {
  assert.equal((await forgot(agent.email)).status, 200);
  const message = (await mailbox(agent.email)).find((m) => m.subject === "Reset your Onramp password");
  const token = resetTokenFrom(message?.text ?? "");
  assert.ok(token);
  return token;
}

async function resetRow(userId: string) {
  const db = await getDb();
  const rows = await db
    .select()
    .from(emailTokens)
    .where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, "reset")));
  return rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0]!;
}

for (const kind of availableDatabases()) {
  describe(`password reset on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    before(async () => {
      cleanup = await useFreshDatabase(kind);
    });
    after(() => cleanup());

    test("forgot-password: same answer for known and unknown emails; the mail has the link and the token", async () => {
      const agent = await onboard();
      const known = await forgot(agent.email);
      const unknownEmail = uniqueEmail();
      const unknown = await forgot(unknownEmail);
      assert.equal(known.status, 200);
      assert.equal(unknown.status, 200);
      assert.equal(
        known.json.data.message.replace(agent.email, "X"),
        unknown.json.data.message.replace(unknownEmail, "X"),
      );
      assert.equal((await mailbox(unknownEmail)).length, 0);

      const [mail] = await mailbox(agent.email);
      assert.equal(mail?.subject, "Reset your Onramp password");
      const token = resetTokenFrom(mail!.text)!;
      assert.match(token, /^[A-Za-z0-9_-]{43}$/);
      assert.ok(
        mail!.text.includes(
          `http://127.0.0.1:3999/reset-password?token=${token}&email=${encodeURIComponent(agent.email)}`,
        ),
      );
      assert.ok(mail!.html.includes(token));
      const row = await resetRow(agent.userId);
      assert.ok(!JSON.stringify(row).includes(token), "stored as SHA-256 only");
      const ttl = row.expiresAt.getTime() - row.createdAt.getTime();
      assert.ok(Math.abs(ttl - 30 * 60_000) < 5_000, `TTL is 30 min (got ${ttl} ms)`);
    });

    test("reset: new password works, old one does not, every token is revoked, a notice is mailed, no auto-login", async () => {
      const agent = await onboard();
      const other = (await loginAs(agent)).json.data.access_token;
      const token = await requestToken(agent);
      const res = await resetWith(agent.email, token);
      assert.equal(res.status, 200);
      assert.equal(res.json.data.revoked_tokens, 2);
      assert.equal(res.json.data.access_token, undefined);
      for (const t of [agent.token, other]) {
        assert.equal((await send(meRoute.GET, "/api/agents/v1/me", { headers: bearer(t) })).status, 401);
      }
      assert.equal((await loginAs(agent)).status, 401);
      assert.equal((await loginAs({ email: agent.email, password: "brand-new-pass" })).status, 200);
      const [notice] = await mailbox(agent.email);
      assert.equal(notice?.subject, "Your Onramp password was changed");
      assert.match(notice!.text, /2 access token\(s\) were revoked/);
      assert.ok(notice!.html.includes("<html"));
    });

    test("revoke_api_keys: true also deletes every API key in the same step; without it keys keep working", async () => {
      const agent = await onboard();
      const db = await getDb();
      const extra = await send(keysRoute.POST, "/api/agents/v1/api-keys", {
        method: "POST",
        body: { name: "made by whoever held the account" },
        headers: bearer(agent.token),
      });
      assert.equal(extra.status, 201);
      const keys = [agent.apiKey, extra.json.data.key as string];
      const live = async () =>
        (await Promise.all(keys.map((k) => resolveApiKey(db, k)))).filter(Boolean).length;

      const plain = await resetWith(agent.email, await requestToken(agent), "plain-reset-pass");
      assert.equal(plain.status, 200);
      assert.equal(plain.json.data.revoked_api_keys, 0);
      assert.equal(await live(), 2, "a reset alone leaves API keys working");

      const bad = await reset({
        email: agent.email,
        token: await requestToken(agent),
        password: "brand-new-pass",
        password_confirmation: "brand-new-pass",
        revoke_api_keys: "yes",
      });
      assert.equal(bad.status, 422);
      assert.ok(bad.json.error.details.revoke_api_keys);

      const token = await requestToken(agent);
      const cleaned = await reset({
        email: agent.email,
        token,
        password: "brand-new-pass",
        password_confirmation: "brand-new-pass",
        revoke_api_keys: true,
      });
      assert.equal(cleaned.status, 200);
      assert.equal(cleaned.json.data.revoked_api_keys, 2);
      assert.match(cleaned.json.data.message, /API key/);
      assert.equal(await live(), 0);
      const [notice] = await mailbox(agent.email);
      assert.match(notice!.text, /2 API key\(s\) were revoked/);
      // The next full-access sign-in mints a fresh default key.
      const login = await loginAs({ email: agent.email, password: "brand-new-pass" });
      assert.match(login.json.data.api_key, /^onr_ak_/);
      assert.ok(!keys.includes(login.json.data.api_key));
    });

    test("single use: the same token twice → 422 invalid_reset_token", async () => {
      const agent = await onboard();
      const token = await requestToken(agent);
      assert.equal((await resetWith(agent.email, token)).status, 200);
      const again = await resetWith(agent.email, token, "yet-another-pass");
      assert.equal(again.status, 422);
      assert.equal(again.json.error.code, "invalid_reset_token");
    });

    test("newest only: a second request invalidates the first token", async () => {
      const agent = await onboard();
      const first = await requestToken(agent);
      const second = await requestToken(agent);
      assert.notEqual(first, second);
      assert.equal((await resetWith(agent.email, first)).json.error.code, "invalid_reset_token");
      assert.equal((await resetWith(agent.email, second)).status, 200);
    });

    test("30 minutes: accepted just before expiry, refused just after", async () => {
      const db = await getDb();
      const agent = await onboard();
      const token = await requestToken(agent);
      const row = await resetRow(agent.userId);
      await db
        .update(emailTokens)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(emailTokens.id, row.id));
      const late = await resetWith(agent.email, token);
      assert.equal(late.status, 422);
      assert.equal(late.json.error.details.reason, "expired");

      const fresh = await requestToken(agent);
      await db
        .update(emailTokens)
        .set({ expiresAt: new Date(Date.now() + 60_000) })
        .where(eq(emailTokens.id, (await resetRow(agent.userId)).id));
      assert.equal((await resetWith(agent.email, fresh)).status, 200);
    });

    test(`brute force: ${RESET_TOKEN_MAX_ATTEMPTS} wrong tokens burn the real one`, async () => {
      const agent = await onboard();
      const token = await requestToken(agent);
      for (let i = 0; i < RESET_TOKEN_MAX_ATTEMPTS; i++) {
        const res = await resetWith(agent.email, `wrong-${i}`);
        assert.equal(res.status, 422);
        assert.equal(res.json.error.code, "invalid_reset_token");
      }
      const burnt = await resetWith(agent.email, token);
      assert.equal(burnt.status, 422);
      assert.equal((await loginAs(agent)).status, 200, "the password did not change");
    });

    test("errors: unknown email, missing or mismatched fields", async () => {
      const agent = await onboard();
      const token = await requestToken(agent);
      const unknown = await resetWith(uniqueEmail(), token);
      assert.equal(unknown.status, 422);
      assert.equal(unknown.json.error.code, "invalid_reset_token");
      for (const [body, field] of [
        [{ email: agent.email, token, password: "brand-new-pass" }, "password_confirmation"],
        [
          { email: agent.email, token, password: "brand-new-pass", password_confirmation: "other-pass" },
          "password_confirmation",
        ],
        [{ email: agent.email, token, password: "short", password_confirmation: "short" }, "password"],
        [
          { email: agent.email, password: "brand-new-pass", password_confirmation: "brand-new-pass" },
          "token",
        ],
      ] as const) {
        const res = await reset(body);
        assert.equal(res.status, 422);
        assert.equal(res.json.error.code, "validation_error");
        assert.ok(res.json.error.details[field], field);
      }
      // None of that touched the token: it still works.
      assert.equal((await resetWith(agent.email, token)).status, 200);
    });

    test("forgot-password mails at most 5 times an hour per address, silently", async () => {
      const agent = await onboard();
      for (let i = 0; i < 7; i++) assert.equal((await forgot(agent.email)).status, 200);
      const resets = (await mailbox(agent.email)).filter((m) => m.subject === "Reset your Onramp password");
      assert.equal(resets.length, 5);
      // The last token mailed is the one that works.
      assert.equal((await resetWith(agent.email, resetTokenFrom(resets[0]!.text))).status, 200);
    });
  });
}
