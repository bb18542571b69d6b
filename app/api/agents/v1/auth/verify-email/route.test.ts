import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import * as meRoute from "@/app/api/agents/v1/me/route";
import * as verifyLink from "@/app/verify/[code]/route";
import { getDb } from "@/lib/db/client";
import { accessTokens, apiKeys, emailTokens, users } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { sha256Hex } from "@/lib/secrets/bearer-secrets";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import * as resendRoute from "../resend-verification/route";
import * as signupRoute from "../signup/route";
import { bearer, freshIp, latestCode, loginAs, mailbox, send, uniqueEmail } from "../test-support";
import * as aliasRoute from "../verify/route";
import * as verifyRoute from "./route";

const VERIFY = "/api/agents/v1/auth/verify-email";
const verify = (body: unknown, ip?: string) =>
  send(verifyRoute.POST, VERIFY, { method: "POST", body, ...(ip ? { ip } : {}) });

async function signedUp(email = uniqueEmail()) {
  const res = await send(signupRoute.POST, "/api/agents/v1/auth/signup", {
    method: "POST",
    body: { email, password: "secret123", name: "Verifier" },
  });
  assert.equal(res.status, 201);
  return { email, code: await latestCode(email) };
}

const BROWSER_ACCEPT = "text/html,application/xhtml+xml,*/*;q=0.8";
const openLink = (code: string, accept: string | undefined = BROWSER_ACCEPT) =>
  send(verifyLink.GET, `/verify/${code}`, { headers: accept ? { accept } : {}, params: { code } });
/** What a browser sends when the confirm page's button is pressed. */
const pressButton = (code: string) =>
  send(verifyLink.POST, `/verify/${code}`, {
    method: "POST",
    rawBody: "",
    headers: { accept: BROWSER_ACCEPT, "content-type": "application/x-www-form-urlencoded" },
    params: { code },
  });

for (const kind of availableDatabases()) {
  describe(`email verification on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    before(async () => {
      cleanup = await useFreshDatabase(kind);
    });
    after(() => cleanup());

    test("a code works once; the second use says so (422 invalid_verification_code, reason used)", async () => {
      const { code } = await signedUp();
      assert.equal((await verify({ verification_code: code })).status, 200);
      const again = await verify({ verification_code: code });
      assert.equal(again.status, 422);
      assert.equal(again.json.error.code, "invalid_verification_code");
      assert.equal(again.json.error.details.reason, "used");
      assert.match(again.json.error.message, /auth\/login/);
    });

    test("concurrent uses of one code: exactly one succeeds and one token is issued", async () => {
      const { email, code } = await signedUp();
      const results = await Promise.all(Array.from({ length: 6 }, () => verify({ verification_code: code })));
      assert.equal(results.filter((r) => r.status === 200).length, 1);
      assert.ok(
        results
          .filter((r) => r.status !== 200)
          .every((r) => r.json.error.code === "invalid_verification_code"),
      );
      const db = await getDb();
      const [user] = await db.select().from(users).where(eq(users.email, email));
      assert.equal((await db.select().from(accessTokens).where(eq(accessTokens.userId, user!.id))).length, 1);
      assert.equal((await db.select().from(apiKeys).where(eq(apiKeys.userId, user!.id))).length, 1);
    });

    test("the code lasts 24 hours: accepted just before, refused just after", async () => {
      const db = await getDb();
      const early = await signedUp();
      await db
        .update(emailTokens)
        .set({ expiresAt: new Date(Date.now() + 60_000) })
        .where(eq(emailTokens.tokenHash, sha256Hex(early.code)));
      assert.equal((await verify({ verification_code: early.code })).status, 200);

      const late = await signedUp();
      const [row] = await db
        .select()
        .from(emailTokens)
        .where(eq(emailTokens.tokenHash, sha256Hex(late.code)));
      const ttl = row!.expiresAt.getTime() - row!.createdAt.getTime();
      assert.ok(Math.abs(ttl - 24 * 3_600_000) < 5_000, `TTL is 24 h (got ${ttl} ms)`);
      await db
        .update(emailTokens)
        .set({ expiresAt: new Date(Date.now() - 1_000) })
        .where(eq(emailTokens.id, row!.id));
      const res = await verify({ verification_code: late.code });
      assert.equal(res.status, 422);
      assert.equal(res.json.error.details.reason, "expired");
      assert.match(res.json.error.message, /resend-verification/);
    });

    test("unknown, malformed and mismatched codes → 422 reason unknown; bad bodies → 422 validation_error", async () => {
      const { email, code } = await signedUp();
      for (const body of [
        { verification_code: `vc_${"a".repeat(26)}` },
        { verification_code: "123456" },
        { verification_code: "x".repeat(200) },
        { verification_code: code, email: uniqueEmail() },
      ]) {
        const res = await verify(body);
        assert.equal(res.status, 422, JSON.stringify(body));
        assert.equal(res.json.error.code, "invalid_verification_code");
        assert.equal(res.json.error.details.reason, "unknown");
      }
      for (const body of [
        {},
        { verification_code: "" },
        { verification_code: 42 },
        { verification_code: code, email: "nope" },
      ]) {
        const res = await verify(body);
        assert.equal(res.status, 422);
        assert.equal(res.json.error.code, "validation_error");
      }
      // The optional email, when right (any case), is accepted; codes are case-insensitive.
      const ok = await verify({ verification_code: code.toUpperCase(), email: email.toUpperCase() });
      assert.equal(ok.status, 200);
    });

    test("/auth/verify is an alias; token_expiry/expiry and device_name are honoured", async () => {
      const { code } = await signedUp();
      const res = await send(aliasRoute.POST, "/api/agents/v1/auth/verify", {
        method: "POST",
        body: { verification_code: code, expiry: "never", device_name: "ci-runner" },
      });
      assert.equal(res.status, 200);
      assert.equal(res.json.data.token_expiry, "never");
      assert.equal(res.json.data.expires_at, null);
    });

    test("login before verification → 403 email_not_verified; resend replaces the code", async () => {
      const { email, code } = await signedUp();
      const early = await loginAs({ email, password: "secret123" });
      assert.equal(early.status, 403);
      assert.equal(early.json.error.code, "email_not_verified");

      const resent = await send(resendRoute.POST, "/api/agents/v1/auth/resend-verification", {
        method: "POST",
        body: { email },
      });
      assert.equal(resent.status, 200);
      const fresh = await latestCode(email);
      assert.notEqual(fresh, code);
      assert.equal((await verify({ verification_code: code })).json.error.details.reason, "unknown");
      assert.equal((await verify({ verification_code: fresh })).status, 200);
      assert.equal((await loginAs({ email, password: "secret123" })).status, 200);
    });

    test("resend: same answer for unknown, verified and unverified addresses; capped at 5 mails an hour", async () => {
      const unverified = (await signedUp()).email;
      const verified = await signedUp();
      await verify({ verification_code: verified.code });
      const answers = [];
      for (const email of [unverified, verified.email, uniqueEmail()]) {
        const res = await send(resendRoute.POST, "/api/agents/v1/auth/resend-verification", {
          method: "POST",
          body: { email },
        });
        assert.equal(res.status, 200);
        answers.push(res.json.data.message.replace(email, "X"));
      }
      assert.equal(new Set(answers).size, 1);
      assert.equal((await mailbox(verified.email)).length, 1, "verified accounts get no new code");

      // 2 mails so far (signup + resend); three more reach the cap, the sixth is silently skipped.
      for (let i = 0; i < 4; i++) {
        const res = await send(resendRoute.POST, "/api/agents/v1/auth/resend-verification", {
          method: "POST",
          body: { email: unverified },
        });
        assert.equal(res.status, 200);
      }
      assert.equal((await mailbox(unverified)).length, 5);
      // The last code mailed still works.
      assert.equal((await verify({ verification_code: await latestCode(unverified) })).status, 200);
    });

    test("GET /verify/{code} never verifies: a confirm page whose button POSTs; mail scanners change nothing", async () => {
      const { email, code } = await signedUp();
      const db = await getDb();
      const userRow = async () => (await db.select().from(users).where(eq(users.email, email)))[0]!;
      // A link scanner fetching the URL in every way it might.
      for (const accept of [undefined, "*/*", "text/html", "application/json"]) {
        const res = await openLink(code, accept);
        assert.equal(res.status, 200, String(accept));
      }
      assert.equal((await userRow()).verifiedAt, null, "a GET verified the address");

      const page = await openLink(code);
      assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
      assert.match(page.json, /Confirm your email address/);
      assert.ok(page.json.includes(email));
      const form =
        /<form method="post" action="([^"]+)"><button type="submit">Verify my email<\/button><\/form>/.exec(
          page.json,
        );
      assert.equal(form?.[1], `/verify/${code}`, "a plain form POST to the same path, no script needed");
      assert.doesNotMatch(page.json, /onr_at_|onr_ak_|<script|https?:\/\/(?!127\.0\.0\.1)/);
      const csp = page.headers.get("content-security-policy") ?? "";
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /form-action 'self'/);
      assert.match(csp, /style-src 'sha256-[A-Za-z0-9+/]+=*'/);
      assert.equal(page.headers.get("referrer-policy"), "no-referrer");

      // JSON on GET says what would happen, and how to do it.
      const peek = await openLink(code, "application/json");
      assert.deepEqual(
        {
          email: peek.json.data.email,
          verified: peek.json.data.verified,
          method: peek.json.data.verify.method,
        },
        { email, verified: false, method: "POST" },
      );
      assert.equal(peek.json.data.verify.url, `http://127.0.0.1:3999/verify/${code}`);
      assert.equal(peek.json.data.access_token, undefined);

      // The button: a browser form post verifies, issues no credentials.
      const pressed = await pressButton(code);
      assert.equal(pressed.status, 200);
      assert.match(pressed.json, /Email verified/);
      assert.ok((await userRow()).verifiedAt);
      assert.equal(
        (
          await db
            .select()
            .from(apiKeys)
            .where(eq(apiKeys.userId, (await userRow()).id))
        ).length,
        0,
      );

      const reused = await openLink(code);
      assert.equal(reused.status, 422);
      assert.match(reused.json, /already used/);
      assert.equal((await pressButton(code)).status, 422);
      const bogus = await openLink("vc_nope");
      assert.equal(bogus.status, 422);
      assert.match(bogus.json, /not valid/);
      assert.doesNotMatch((await openLink("<script>x</script>")).json, /<script>x/);

      // The agent, told the code is used, signs in and receives the default key that login creates.
      const login = await loginAs({ email, password: "secret123" });
      assert.equal(login.status, 200);
      assert.match(login.json.data.api_key, /^onr_ak_/);
    });

    test("POST /verify/{code} from an agent answers like verify-email; GET with JSON does not", async () => {
      const { code } = await signedUp();
      const res = await send(verifyLink.POST, `/verify/${code}`, {
        method: "POST",
        headers: { accept: "application/json" },
        params: { code },
      });
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /application\/json/);
      assert.match(res.json.data.access_token, /^\d+\|onr_at_/);
      assert.match(res.json.data.api_key, /^onr_ak_/);
      const me = await send(meRoute.GET, "/api/agents/v1/me", {
        headers: bearer(res.json.data.access_token),
      });
      assert.equal(me.status, 200);
      const again = await openLink(code, "application/json");
      assert.equal(again.status, 422);
      assert.equal(again.json.error.code, "invalid_verification_code");

      // No Accept header and a JSON body (curl): JSON too, with the token options honoured.
      const other = await signedUp();
      const curl = await send(verifyLink.POST, `/verify/${other.code}`, {
        method: "POST",
        body: { token_expiry: "never" },
        params: { code: other.code },
      });
      assert.equal(curl.status, 200);
      assert.equal(curl.json.data.expires_at, null);
    });
  });
}

describe("brute force on verification codes", () => {
  let cleanup: () => Promise<void>;
  before(async () => {
    resetRateLimiters();
    resetEnvCache();
    cleanup = await useFreshDatabase("pglite");
  });
  after(() => cleanup());

  test("the agent-auth limiter stops one IP after 20 wrong codes, with 429 and Retry-After", async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      statuses.push((await verify({ verification_code: `vc_${"b".repeat(25)}${"a"}` }, ip)).status);
    }
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(422));
    const limited = await verify({ verification_code: `vc_${"c".repeat(26)}` }, ip);
    assert.equal(statuses[20], 429);
    assert.equal(limited.status, 429);
    assert.equal(limited.json.error.code, "rate_limited");
    assert.ok(Number(limited.headers.get("retry-after")) >= 1);
    // The browser link shares the limiter.
    const link = await send(verifyLink.GET, `/verify/vc_${"d".repeat(26)}`, { ip, params: { code: "x" } });
    assert.equal(link.status, 429);
  });
});
