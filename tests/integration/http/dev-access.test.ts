import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { NextRequest } from "next/server";
import { GET as mailbox } from "@/app/dev/mailbox/messages/route";
import { POST as demoIntent } from "@/app/dev/stripe-demo/intent/route";
import { env, resetEnvCache } from "@/lib/env";
import { devPagesOpenTo } from "@/lib/http/dev-access";
import { proxy } from "@/proxy";
import { useFreshDatabase } from "@/tests/helpers/database";
import { call } from "@/tests/helpers/http";

const stamped = (peer: string, extra: Record<string, string> = {}) =>
  new Headers({ "x-onramp-peer": peer, "x-onramp-peer-secret": env().peerSecret ?? "", ...extra });

function withEnv(vars: Record<string, string>, fn: () => void | Promise<void>) {
  return async () => {
    const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    Object.assign(process.env, vars);
    resetEnvCache();
    try {
      await fn();
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      resetEnvCache();
    }
  };
}

describe("who may open /dev/*", () => {
  test("local mode, a client on this machine: yes", () => {
    assert.equal(env().localMode, true);
    assert.ok(devPagesOpenTo(stamped("127.0.0.1")));
    assert.ok(devPagesOpenTo(stamped("::1")));
    assert.ok(devPagesOpenTo(stamped("::ffff:127.0.0.1")));
  });

  test("another machine, a forged or absent peer header: no", () => {
    assert.ok(!devPagesOpenTo(stamped("192.0.2.7")));
    // What a remote client sends to claim loopback: the header without our secret.
    assert.ok(!devPagesOpenTo(new Headers({ "x-onramp-peer": "127.0.0.1" })));
    assert.ok(
      !devPagesOpenTo(
        new Headers({ "x-onramp-peer": "127.0.0.1", "x-onramp-peer-secret": "guess".repeat(10) }),
      ),
    );
    // No stamp at all (next start, or another server): nobody is known to be local.
    assert.ok(!devPagesOpenTo(new Headers({ "x-forwarded-for": "127.0.0.1" })));
    assert.ok(!devPagesOpenTo(new Headers()));
  });

  test(
    "behind a trusted proxy on loopback, the forwarded client decides",
    withEnv({ TRUSTED_PROXIES: "1" }, () => {
      assert.ok(!devPagesOpenTo(stamped("127.0.0.1", { "x-forwarded-for": "198.51.100.9" })));
      assert.ok(devPagesOpenTo(stamped("127.0.0.1", { "x-forwarded-for": "127.0.0.1" })));
    }),
  );

  test(
    "outside local mode: nobody, loopback included",
    withEnv({ STRIPE_SECRET_KEY: "sk_test_x", STRIPE_PUBLISHABLE_KEY: "pk_test_x" }, () => {
      assert.equal(env().localMode, false);
      assert.ok(!devPagesOpenTo(stamped("127.0.0.1")));
    }),
  );
});

describe("the /dev doors", () => {
  let cleanup: () => Promise<void>;
  before(async () => {
    cleanup = await useFreshDatabase("pglite");
  });
  after(async () => cleanup());

  test("the mailbox JSON answers loopback and 404s a forged or remote peer", async () => {
    assert.equal((await call(mailbox, "/dev/mailbox/messages", { ip: "127.0.0.1" })).status, 200);
    const remote = await call(mailbox, "/dev/mailbox/messages", { ip: "192.0.2.7" });
    assert.equal(remote.status, 404);
    assert.equal(remote.json.error.code, "route_not_found");
    const forged = await call(mailbox, "/dev/mailbox/messages", {
      headers: { "x-onramp-peer": "127.0.0.1", "x-onramp-peer-secret": "" },
    });
    assert.equal(forged.status, 404);
  });

  test("the Stripe demo's intent route 404s a remote peer before touching Stripe", async () => {
    const res = await call(demoIntent, "/dev/stripe-demo/intent", {
      method: "POST",
      body: {},
      ip: "192.0.2.7",
    });
    assert.equal(res.status, 404);
  });

  test("the proxy closes every /dev path to a forged peer, and lets loopback through", async () => {
    const secret = env().peerSecret ?? "";
    for (const path of ["/dev/mailbox", "/dev/stripe-demo", "/dev/anything/new"]) {
      const forged = await proxy(
        new NextRequest(`http://127.0.0.1:3999${path}`, { headers: { "x-onramp-peer": "127.0.0.1" } }),
      );
      assert.equal(forged.status, 404, path);
      assert.equal((await forged.json()).error.code, "route_not_found");
      const local = await proxy(
        new NextRequest(`http://127.0.0.1:3999${path}`, {
          headers: { "x-onramp-peer": "127.0.0.1", "x-onramp-peer-secret": secret },
        }),
      );
      assert.equal(local.status, 200, path);
      assert.equal(local.headers.get("x-middleware-next"), "1");
    }
  });
});
