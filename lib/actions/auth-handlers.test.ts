import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { resolveApiKey } from "@/lib/api-keys/resolve-api-key";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { listMailbox } from "@/lib/mail/mailbox";
import { checkPasswordSignIn } from "@/lib/sign-in/password-sign-in";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import {
  handleForgotPassword,
  handleResendVerification,
  handleResetPassword,
  handleSignUp,
  handleVerifyCode,
  safeNextPath,
  signInMessage,
} from "./auth-handlers";
import { fieldSentence, toFailure } from "./result";

const failureOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return toFailure(error);
  }
  assert.fail("expected the handler to fail");
};

let ipCounter = 0;
const ip = () => `10.9.${Math.floor(ipCounter / 250)}.${ipCounter++ % 250}`;
const unique = () => `person-${crypto.randomUUID().slice(0, 8)}@example.com`;

async function latest(email: string) {
  const [mail] = await listMailbox(await getDb(), { to: email, limit: 1 });
  return mail?.text ?? "";
}

describe("sign-in helpers", () => {
  test("next= only ever points inside the site", () => {
    for (const [input, out] of [
      ["/dashboard/wallet?x=1#t", "/dashboard/wallet?x=1#t"],
      ["/dashboard", "/dashboard"],
      ["//evil.example/x", "/dashboard"],
      ["/\\evil.example", "/dashboard"],
      ["https://evil.example/", "/dashboard"],
      ["javascript:alert(1)", "/dashboard"],
      ["dashboard", "/dashboard"],
      [undefined, "/dashboard"],
      [42, "/dashboard"],
    ] as const) {
      assert.equal(safeNextPath(input), out, String(input));
    }
  });

  test("every refusal code reads as a sentence; unknown ones do not leak", () => {
    for (const code of [
      "invalid_credentials",
      "email_not_verified",
      "account_locked",
      "rate_limited",
      "invalid_input",
      "server_busy",
    ]) {
      assert.match(signInMessage(code), /^[A-Z].+\.$/);
    }
    assert.equal(signInMessage("CallbackRouteError"), "Sign-in failed on our side. Try again in a moment.");
  });

  test("failures become values: validation, domain errors, and a generic message for the unexpected", () => {
    assert.equal(
      fieldSentence("password_confirmation", "does not match password"),
      "Password confirmation does not match password.",
    );
    const domain = toFailure(
      new AppError("validation_error", "current_password: is incorrect", {
        details: { current_password: ["is incorrect"] },
      }),
    );
    assert.deepEqual(
      [domain.message, domain.fieldErrors],
      ["Current password is incorrect.", { current_password: ["is incorrect"] }],
    );
    const declined = toFailure(
      new AppError("payment_declined", "Your card was declined.", {
        details: { decline_code: "generic_decline" },
      }),
    );
    assert.deepEqual(
      [declined.code, declined.details?.decline_code],
      ["payment_declined", "generic_decline"],
    );
    const boom = toFailure(new Error("relation app_user does not exist at character 42"));
    assert.equal(boom.code, "internal_error");
    assert.doesNotMatch(boom.message, /relation|character/);
    const redirect = Object.assign(new Error("NEXT_REDIRECT"), {
      digest: "NEXT_REDIRECT;replace;/login;307;",
    });
    assert.throws(() => toFailure(redirect), /NEXT_REDIRECT/, "Next's redirects keep travelling");
  });
});

for (const kind of availableDatabases()) {
  describe(`dashboard sign-up and password reset on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    before(async () => {
      resetEnvCache();
      resetRateLimiters();
      cleanup = await useFreshDatabase(kind);
    });
    after(async () => cleanup());

    test("sign up → the emailed code verifies → the password signs in", async () => {
      const email = unique();
      const db = await getDb();
      assert.deepEqual(
        await handleSignUp(
          db,
          {
            email: email.toUpperCase(),
            password: "secret123",
            password_confirmation: "secret123",
            name: "Ada",
          },
          ip(),
        ),
        { email },
      );
      await assert.rejects(checkPasswordSignIn(db, { email, password: "secret123" }), /Verify your email/);
      const code = /Verification code: (\S+)/.exec(await latest(email))?.[1];
      assert.ok(code);
      assert.deepEqual(await handleVerifyCode(db, { code }, ip()), { email });
      const used = await failureOf(handleVerifyCode(db, { code }, ip()));
      assert.equal(used.code, "invalid_verification_code");
      assert.match(used.message, /already used/);
      assert.equal((await checkPasswordSignIn(db, { email, password: "secret123" })).email, email);

      // Signing up again with the same address answers the same and changes nothing.
      assert.deepEqual(
        await handleSignUp(
          db,
          { email, password: "other-password", password_confirmation: "other-password" },
          ip(),
        ),
        { email },
      );
      assert.equal((await checkPasswordSignIn(db, { email, password: "secret123" })).email, email);
    });

    test("sign-up validation speaks per field; a bad code says so; resend answers alike for anyone", async () => {
      const db = await getDb();
      const bad = await failureOf(
        handleSignUp(
          db,
          { email: "not-an-email", password: "short", password_confirmation: "different" },
          ip(),
        ),
      );
      assert.equal(bad.code, "validation_error");
      assert.ok(bad.fieldErrors.email && bad.fieldErrors.password);
      const mismatch = await failureOf(
        handleSignUp(
          db,
          { email: unique(), password: "long-enough", password_confirmation: "different" },
          ip(),
        ),
      );
      assert.deepEqual(mismatch.fieldErrors.password_confirmation, ["does not match password"]);
      assert.match((await failureOf(handleVerifyCode(db, { code: "vc_nope" }, ip()))).message, /not valid/);
      assert.equal((await failureOf(handleVerifyCode(db, { code: "" }, ip()))).code, "validation_error");
      assert.deepEqual(await handleResendVerification(db, { email: "nobody@example.com" }, ip()), {
        email: "nobody@example.com",
      });
    });

    test("forgot → reset with the emailed token → the new password works; a used token is refused plainly", async () => {
      const email = unique();
      const db = await getDb();
      const address = ip();
      await handleSignUp(db, { email, password: "secret123", password_confirmation: "secret123" }, address);
      const code = /Verification code: (\S+)/.exec(await latest(email))?.[1];
      await handleVerifyCode(db, { code }, address);

      assert.deepEqual(await handleForgotPassword(db, { email }, address), { email });
      assert.deepEqual(await handleForgotPassword(db, { email: "ghost@example.com" }, address), {
        email: "ghost@example.com",
      });
      const text = await latest(email);
      const link = /Reset your password: (\S+)/.exec(text)?.[1];
      assert.ok(link?.includes("/reset-password?token="), "the email links to the dashboard's reset page");
      const url = new URL(link!);
      const form = {
        email: url.searchParams.get("email")!,
        token: url.searchParams.get("token")!,
        password: "brand-new-password",
        password_confirmation: "brand-new-password",
      };
      assert.deepEqual(await handleResetPassword(db, form, address), { email });
      assert.equal((await checkPasswordSignIn(db, { email, password: "brand-new-password" })).email, email);
      const again = await failureOf(handleResetPassword(db, form, address));
      assert.equal(again.code, "invalid_reset_token");
      assert.match(again.message, /Ask for a new one/);
      assert.doesNotMatch(again.message, /POST \//, "people get words, not API paths");
    });

    test("reset with the 'also revoke every API key' box ticked deletes the keys; unticked keeps them", async () => {
      const db = await getDb();
      const address = ip();
      const email = unique();
      await handleSignUp(db, { email, password: "secret123", password_confirmation: "secret123" }, address);
      const code = /Verification code: (\S+)/.exec(await latest(email))?.[1];
      await handleVerifyCode(db, { code }, address);
      const [user] = await db.select().from(users).where(eq(users.email, email));
      const { key } = await createApiKey(db, {
        accountId: user!.personalAccountId,
        userId: user!.id,
        name: "left behind",
      });
      const resetForm = async (extra: Record<string, string>) => {
        await handleForgotPassword(db, { email }, address);
        const url = new URL(/Reset your password: (\S+)/.exec(await latest(email))![1]!);
        return {
          email,
          token: url.searchParams.get("token")!,
          password: "brand-new-password",
          password_confirmation: "brand-new-password",
          ...extra,
        };
      };
      assert.deepEqual(await handleResetPassword(db, await resetForm({}), address), { email });
      assert.ok(await resolveApiKey(db, key), "unticked: the key still works");
      // A ticked checkbox posts "on".
      assert.deepEqual(await handleResetPassword(db, await resetForm({ revoke_api_keys: "on" }), address), {
        email,
      });
      assert.equal(await resolveApiKey(db, key), null, "ticked: the key is gone");
      assert.match(await latest(email), /1 API key\(s\) were revoked/);
    });

    test("the auth bucket is shared with the API and keyed by address and email", async () => {
      process.env.RATE_LIMIT_AUTH_PER_MINUTE = "2";
      resetEnvCache();
      resetRateLimiters();
      try {
        const db = await getDb();
        const address = ip();
        await handleForgotPassword(db, { email: "limit@example.com" }, address);
        await handleForgotPassword(db, { email: "limit@example.com" }, address);
        const limited = await failureOf(handleForgotPassword(db, { email: "limit@example.com" }, address));
        assert.equal(limited.code, "rate_limited");
        assert.deepEqual(await handleForgotPassword(db, { email: "other@example.com" }, address), {
          email: "other@example.com",
        });
      } finally {
        delete process.env.RATE_LIMIT_AUTH_PER_MINUTE;
        resetEnvCache();
        resetRateLimiters();
      }
    });
  });
}
