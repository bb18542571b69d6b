import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { handleResetPassword, handleSignUp } from "@/lib/actions/auth-handlers";
import { passwordSignIn } from "@/lib/actions/dashboard-sign-in";
import { toFailure } from "@/lib/actions/result";
import { getDb } from "@/lib/db/client";
import { env, resetEnvCache } from "@/lib/env";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { useFreshDatabase } from "@/tests/helpers/database";
import * as forgotRoute from "./forgot-password/route";
import * as loginRoute from "./login/route";
import * as resetRoute from "./reset-password/route";
import * as signupRoute from "./signup/route";
import { freshIp, send, uniqueEmail } from "./test-support";

const VARS = ["RATE_LIMIT_SIGNUP_PER_HOUR", "RATE_LIMIT_AUTH_IP_PER_MINUTE"] as const;

const signup = (ip: string, email = uniqueEmail("ip")) =>
  send(signupRoute.POST, "/api/agents/v1/auth/signup", {
    method: "POST",
    body: { email, password: "secret123" },
    ip,
  });
const login = (ip: string, email = uniqueEmail("rotating")) =>
  send(loginRoute.POST, "/api/agents/v1/auth/login", {
    method: "POST",
    body: { email, password: "guess-guess" },
    ip,
  });

async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return toFailure(error);
  }
  assert.fail("expected a refusal");
}

// The suites elsewhere raise these limits (tests/helpers/test-env.ts); here they run at their defaults.
describe("per-IP limits at their defaults", () => {
  const saved: Record<string, string | undefined> = {};
  let cleanup: () => Promise<void>;
  before(async () => {
    for (const name of VARS) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
    resetEnvCache();
    resetRateLimiters();
    cleanup = await useFreshDatabase("pglite");
  });
  after(async () => {
    for (const name of VARS) process.env[name] = saved[name];
    resetEnvCache();
    resetRateLimiters();
    await cleanup();
  });

  test("signup: 5 an hour per IP, whatever the emails; the 6th → 429 with an hour-long Retry-After; other IPs unaffected", async () => {
    assert.equal(env().rateLimits.signup, 5);
    const ip = freshIp();
    for (let i = 0; i < 5; i++) {
      const res = await signup(ip);
      assert.equal(res.status, 201, `signup ${i + 1}`);
      // The tightest budget is the one reported.
      assert.equal(res.headers.get("x-ratelimit-limit"), "5");
      assert.equal(res.headers.get("x-ratelimit-remaining"), String(4 - i));
    }
    const sixth = await signup(ip);
    assert.equal(sixth.status, 429);
    assert.equal(sixth.json.error.code, "rate_limited");
    assert.equal(sixth.headers.get("x-ratelimit-limit"), "5");
    assert.equal(sixth.headers.get("x-ratelimit-remaining"), "0");
    const retryAfter = Number(sixth.headers.get("retry-after"));
    assert.ok(retryAfter > 60 && retryAfter <= 3600, `Retry-After ${retryAfter} s is within the hour`);
    const reset = Number(sixth.headers.get("x-ratelimit-reset"));
    assert.ok(reset > Date.now() / 1000 + 60 && reset <= Date.now() / 1000 + 3601);

    // The dashboard's sign-up form counts in the same bucket.
    const db = await getDb();
    const form = (email: string) => ({ email, password: "secret123", password_confirmation: "secret123" });
    assert.equal((await failureOf(handleSignUp(db, form(uniqueEmail()), ip))).code, "rate_limited");

    // Another address is not affected, and sign-in from the limited one still works.
    assert.equal((await signup(freshIp())).status, 201);
    assert.deepEqual(await handleSignUp(db, form("elsewhere@example.com"), freshIp()), {
      email: "elsewhere@example.com",
    });
    assert.equal((await login(ip)).status, 401);
  });

  test("password routes: 60 a minute per IP across rotating emails, API and dashboard sign-in in one bucket", async () => {
    assert.equal(env().rateLimits.authIp, 60);
    const ip = freshIp();
    const db = await getDb();
    // 30 through the API and 30 through the dashboard, each with a new email, so the per-IP+email
    // limiter (20) never binds.
    for (let i = 0; i < 30; i++) assert.equal((await login(ip)).status, 401, `API attempt ${i + 1}`);
    for (let i = 0; i < 30; i++) {
      const refused = await failureOf(
        passwordSignIn(db, { email: uniqueEmail("rotating"), password: "guess-guess", ip, userAgent: null }),
      );
      assert.equal(refused.code, "invalid_credentials", `dashboard attempt ${i + 1}`);
    }
    const limited = await login(ip);
    assert.equal(limited.status, 429);
    assert.equal(limited.json.error.code, "rate_limited");
    assert.equal(limited.headers.get("x-ratelimit-limit"), "60");
    assert.ok(Number(limited.headers.get("retry-after")) >= 1);
    const dashboard = await failureOf(
      passwordSignIn(db, { email: uniqueEmail(), password: "guess-guess", ip, userAgent: null }),
    );
    assert.equal(dashboard.code, "rate_limited");

    // Every route that hashes a password shares it…
    assert.equal((await signup(ip)).status, 429);
    const resetBody = {
      email: uniqueEmail(),
      token: "x".repeat(43),
      password: "new-password",
      password_confirmation: "new-password",
    };
    const reset = await send(resetRoute.POST, "/api/agents/v1/auth/reset-password", {
      method: "POST",
      body: resetBody,
      ip,
    });
    assert.equal(reset.status, 429);
    assert.equal((await failureOf(handleResetPassword(db, resetBody, ip))).code, "rate_limited");
    // …routes that hash nothing do not, and other addresses are not affected.
    const forgot = await send(forgotRoute.POST, "/api/agents/v1/auth/forgot-password", {
      method: "POST",
      body: { email: uniqueEmail() },
      ip,
    });
    assert.equal(forgot.status, 200);
    assert.equal((await login(freshIp())).status, 401);
  });
});
