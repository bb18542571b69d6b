import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { NextRequest } from "next/server";
import { encode } from "next-auth/jwt";
import { env, resetEnvCache } from "@/lib/env";
import { contentSecurityPolicy, makeNonce } from "@/lib/http/content-security-policy";
import { proxy } from "@/proxy";

const directives = (policy: string) =>
  Object.fromEntries(
    policy.split(";").map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  ) as Record<string, string[]>;

async function sessionCookie(claims: Record<string, unknown>, name = "authjs.session-token") {
  const token = await encode({ token: claims, secret: env().authSecret, salt: name, maxAge: 3600 });
  return `${name}=${token}`;
}

describe("the dashboard's Content-Security-Policy", () => {
  test("local mode: scripts, frames and API calls only from this origin and the emulator", () => {
    const d = directives(
      contentSecurityPolicy({
        nonce: "abc",
        emulatorOrigin: "http://127.0.0.1:12111",
        development: false,
        reportUri: "/r",
      }),
    );
    assert.deepEqual(d["script-src"], ["'self'", "'nonce-abc'", "http://127.0.0.1:12111"]);
    assert.deepEqual(d["frame-src"], ["http://127.0.0.1:12111"]);
    assert.deepEqual(d["connect-src"], ["'self'", "http://127.0.0.1:12111"]);
    assert.deepEqual(d["object-src"], ["'none'"]);
    assert.deepEqual(d["frame-ancestors"], ["'none'"]);
    assert.deepEqual(d["report-uri"], ["/r"]);
    assert.ok(!d["script-src"]?.includes("'unsafe-inline'") && !d["script-src"]?.includes("'unsafe-eval'"));
    assert.ok(!d["script-src"]?.includes("'strict-dynamic'"), "strict-dynamic would disable the origin list");
  });

  test("real Stripe: PCI-06's origins; development adds only eval and the dev websocket", () => {
    const d = directives(
      contentSecurityPolicy({ nonce: "n", emulatorOrigin: null, development: false, reportUri: "/r" }),
    );
    assert.ok(d["script-src"]?.includes("https://js.stripe.com"));
    assert.ok(
      d["frame-src"]?.includes("https://js.stripe.com") &&
        d["frame-src"]?.includes("https://hooks.stripe.com"),
    );
    assert.deepEqual(d["connect-src"], ["'self'", "https://api.stripe.com"]);
    const dev = directives(
      contentSecurityPolicy({ nonce: "n", emulatorOrigin: null, development: true, reportUri: "/r" }),
    );
    assert.ok(dev["script-src"]?.includes("'unsafe-eval'"));
    assert.ok(dev["connect-src"]?.includes("ws:"));
  });

  test("nonces are 128 random bits, different every time", () => {
    const seen = new Set(Array.from({ length: 200 }, makeNonce));
    assert.equal(seen.size, 200);
    for (const n of seen) assert.equal(Buffer.from(n, "base64").length, 16);
  });
});

describe("proxy.ts", () => {
  resetEnvCache();

  test("a signed-out visit to /dashboard/** goes to /login with the way back", async () => {
    const res = await proxy(new NextRequest("http://127.0.0.1:3000/dashboard/wallet?tab=x"));
    assert.equal(res.status, 307);
    const location = new URL(res.headers.get("location")!);
    assert.equal(location.pathname, "/login");
    assert.equal(location.searchParams.get("next"), "/dashboard/wallet?tab=x");
  });

  test("a forged or foreign cookie is signed out too", async () => {
    const forged = await proxy(
      new NextRequest("http://127.0.0.1:3000/dashboard", {
        headers: { cookie: "authjs.session-token=eyJhbGciOi.bad" },
      }),
    );
    assert.equal(forged.status, 307);
    const otherSecret = await encode({
      token: { sid: "x" },
      secret: "another-secret-of-at-least-32-chars!!",
      salt: "authjs.session-token",
    });
    const foreign = await proxy(
      new NextRequest("http://127.0.0.1:3000/dashboard", {
        headers: { cookie: `authjs.session-token=${otherSecret}` },
      }),
    );
    assert.equal(foreign.status, 307);
  });

  test("signed in: the page gets a fresh nonce in its CSP, on the response and for Next's renderer", async () => {
    const cookie = await sessionCookie({
      sid: crypto.randomUUID(),
      uid: crypto.randomUUID(),
      aid: crypto.randomUUID(),
    });
    const first = await proxy(
      new NextRequest("http://127.0.0.1:3000/dashboard/wallet", { headers: { cookie } }),
    );
    const second = await proxy(
      new NextRequest("http://127.0.0.1:3000/dashboard/wallet", { headers: { cookie } }),
    );
    assert.equal(first.status, 200);
    const policy = first.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    assert.ok(nonce);
    assert.notEqual(nonce, /'nonce-([^']+)'/.exec(second.headers.get("content-security-policy") ?? "")?.[1]);
    assert.ok(directives(policy)["script-src"]?.includes(env().stripe.apiBase!.origin));
    // NextResponse.next({request: {headers}}) hands the request headers over as x-middleware-request-*.
    assert.equal(first.headers.get("x-middleware-request-x-nonce"), nonce);
    assert.equal(first.headers.get("x-middleware-request-content-security-policy"), policy);
    assert.equal(first.headers.get("x-middleware-request-x-onramp-path"), "/dashboard/wallet");
    assert.match(first.headers.get("reporting-endpoints") ?? "", /^csp-endpoint="\/dashboard\/csp-report"$/);
    assert.equal(first.headers.get("cache-control"), "private, no-store");
  });

  test("sign-in pages get the CSP without a session; data routes and actions are left to their own checks", async () => {
    const login = await proxy(new NextRequest("http://127.0.0.1:3000/login"));
    assert.equal(login.status, 200);
    assert.match(login.headers.get("content-security-policy") ?? "", /script-src 'self' 'nonce-/);
    for (const path of [
      "/dashboard/data/wallet",
      "/dashboard/wallet/transactions.csv",
      "/dashboard/csp-report",
    ]) {
      assert.equal((await proxy(new NextRequest(`http://127.0.0.1:3000${path}`))).status, 200, path);
    }
    const action = await proxy(new NextRequest("http://127.0.0.1:3000/dashboard/wallet", { method: "POST" }));
    assert.equal(action.status, 200, "server actions answer for themselves (a redirect would break them)");
  });
});
