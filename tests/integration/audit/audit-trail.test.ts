/**
 * Every audited action, performed the way its callers perform it (the agents API routes, a
 * dashboard action through the door, a webhook, the reconciler), writes exactly one entry with the
 * right actor, device name, account, request id and IP; generation usage writes none; the table
 * refuses edits.
 */
import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import { and, asc, eq, sql } from "drizzle-orm";
import * as keyRoute from "@/app/api/agents/v1/api-keys/[id]/route";
import * as keysRoute from "@/app/api/agents/v1/api-keys/route";
import * as loginRoute from "@/app/api/agents/v1/auth/login/route";
import * as logoutRoute from "@/app/api/agents/v1/auth/logout/route";
import * as logoutAllRoute from "@/app/api/agents/v1/auth/logout-all/route";
import * as refreshRoute from "@/app/api/agents/v1/auth/refresh/route";
import * as tokenRoute from "@/app/api/agents/v1/auth/tokens/[id]/route";
import * as revokeOthersRoute from "@/app/api/agents/v1/auth/tokens/revoke-others/route";
import * as defaultCardRoute from "@/app/api/agents/v1/billing/payment-methods/[id]/default/route";
import * as cardRoute from "@/app/api/agents/v1/billing/payment-methods/[id]/route";
import * as cardsRoute from "@/app/api/agents/v1/billing/payment-methods/route";
import * as cancelRoute from "@/app/api/agents/v1/subscriptions/[id]/cancel/route";
import * as pauseRoute from "@/app/api/agents/v1/subscriptions/[id]/pause/route";
import * as resumeRoute from "@/app/api/agents/v1/subscriptions/[id]/resume/route";
import * as subscriptionRoute from "@/app/api/agents/v1/subscriptions/[id]/route";
import * as subscriptionsRoute from "@/app/api/agents/v1/subscriptions/route";
import * as autoFundingRoute from "@/app/api/agents/v1/wallet/auto-funding/route";
import * as redeemRoute from "@/app/api/agents/v1/wallet/coupons/redeem/route";
import * as fundRoute from "@/app/api/agents/v1/wallet/fund/route";
import { handleCreateKey } from "@/lib/actions/key-handlers";
import { type AuditEvent, recordAudit } from "@/lib/audit/audit-log";
import { resolveDashboardSession } from "@/lib/auth/dashboard-sessions";
import { getDb } from "@/lib/db/client";
import { auditEvents } from "@/lib/db/schema/platform";
import { env } from "@/lib/env";
import { settleFollowUps } from "@/lib/generation/follow-ups";
import { session } from "@/lib/http/authenticate";
import { PEER_HEADER, PEER_SECRET_HEADER } from "@/lib/http/client-ip";
import { runDoor } from "@/lib/http/door";
import { fromAction } from "@/lib/http/door-request";
import { action } from "@/lib/http/outputs/action";
import { closeNotifier } from "@/lib/pubsub/notifier";
import { stripe } from "@/lib/stripe/client";
import { reconcile } from "@/lib/stripe-events/reconcile";
import { afterDebit } from "@/lib/wallet/after-debit";
import type { TestAgent } from "@/tests/helpers/agent";
import { availableDatabases } from "@/tests/helpers/database";
import { type CallResult, call } from "@/tests/helpers/http";
import { signedInHuman } from "@/tests/helpers/human";
import { moneySuite } from "@/tests/helpers/money-suite";
import { newOwner, type Owner, spend } from "@/tests/helpers/wallet";

process.env.RATE_LIMIT_BILLING_PER_MINUTE = "100000";
process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "100000";
process.env.RATE_LIMIT_AUTH_PER_MINUTE = "100000";

const base = "/api/agents/v1";
type Handler = Parameters<typeof call>[0];

let ipCounter = 1;
const nextIp = () => `10.77.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`;

async function entriesOf(accountId: string, action?: string): Promise<AuditEvent[]> {
  const db = await getDb();
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.accountId, accountId), action ? eq(auditEvents.action, action) : undefined))
    .orderBy(asc(auditEvents.seq));
}

/** Calls a route as `agent` from a fresh IP; returns the answer and the IP it came from. */
async function as(
  agent: TestAgent,
  handler: Handler,
  path: string,
  options: { method?: string; body?: unknown; params?: Record<string, string> } = {},
): Promise<CallResult & { ip: string; requestId: string }> {
  const ip = nextIp();
  const result = await call(handler, `${base}${path}`, { ...options, headers: agent.auth, ip });
  return { ...result, ip, requestId: result.headers.get("x-request-id") ?? "" };
}

/** Exactly one `action` entry since `after` (a seq), written by that request as that agent. */
async function assertOneByAgent(
  owner: Owner,
  action: string,
  request: { ip: string; requestId: string },
  label: string,
  since: number,
): Promise<AuditEvent> {
  const entries = (await entriesOf(owner.accountId, action)).filter((e) => e.seq > since);
  assert.equal(entries.length, 1, `${action}: ${JSON.stringify(entries)}`);
  const [entry] = entries as [AuditEvent];
  assert.equal(entry.actorKind, "agent", action);
  assert.equal(entry.actorUserId, owner.agent.userId, action);
  assert.equal(entry.actorLabel, label, action);
  assert.equal(entry.requestId, request.requestId, action);
  assert.match(request.requestId, /^req_/);
  assert.equal(entry.ip, request.ip, action);
  return entry;
}

const lastSeq = async () => {
  const db = await getDb();
  const [row] = await db
    .select({ n: sql<number>`coalesce(max(${auditEvents.seq}), 0)::int` })
    .from(auditEvents);
  return Number(row?.n ?? 0);
};

/** The token name `onboardAgent` got at verify (its device name). */
async function tokenNameOf(owner: Owner): Promise<string> {
  const [created] = await entriesOf(owner.accountId, "token.created");
  return created?.actorLabel ?? "";
}

for (const kind of availableDatabases()) {
  describe(`audit trail on ${kind}`, () => {
    const suite = moneySuite(kind, {
      beforeTeardown: async () => {
        await settleFollowUps();
        await closeNotifier();
      },
    });
    const idle = () => suite.stripe().emulator.webhooksIdle();

    test("sign-up's verify: the first token and the default key, as that agent (a signed-out door)", async () => {
      const owner = await newOwner();
      const tokens = await entriesOf(owner.accountId, "token.created");
      const keys = await entriesOf(owner.accountId, "api_key.created");
      assert.equal(tokens.length, 1);
      assert.equal(keys.length, 1);
      for (const entry of [...tokens, ...keys]) {
        assert.equal(entry.actorKind, "agent");
        assert.equal(entry.actorUserId, owner.agent.userId);
        assert.match(entry.requestId ?? "", /^req_/);
        assert.ok(entry.ip);
      }
      assert.equal(tokens[0]?.requestId, keys[0]?.requestId, "one request did both");
      assert.equal(keys[0]?.data && (keys[0].data as { default?: boolean }).default, true);
    });

    test("tokens: login, refresh, revoke one, revoke others, log out, log out everywhere", async () => {
      const owner = await newOwner();
      let since = await lastSeq();
      const login = async (device: string) => {
        const ip = nextIp();
        const r = await call(loginRoute.POST, `${base}/auth/login`, {
          method: "POST",
          body: { email: owner.agent.email, password: "secret123", device_name: device },
          ip,
        });
        assert.equal(r.status, 200, JSON.stringify(r.json));
        return { ...r, ip, requestId: r.headers.get("x-request-id") ?? "", token: r.json.data.access_token };
      };
      const laptop = await login("laptop-cli");
      const created = await assertOneByAgent(owner, "token.created", laptop, "laptop-cli", since);
      assert.equal((created.data as { name: string }).name, "laptop-cli");
      const laptopAgent = {
        ...owner.agent,
        token: laptop.token,
        auth: { authorization: `Bearer ${laptop.token}` },
      };

      since = await lastSeq();
      const refreshed = await as(laptopAgent, refreshRoute.POST, "/auth/refresh", {
        method: "POST",
        body: {},
      });
      assert.equal(refreshed.status, 200, JSON.stringify(refreshed.json));
      const revoked = await assertOneByAgent(owner, "token.revoked", refreshed, "laptop-cli", since);
      assert.equal((revoked.data as { reason: string }).reason, "refreshed");
      await assertOneByAgent(owner, "token.created", refreshed, "laptop-cli", since);
      const current = {
        ...owner.agent,
        auth: { authorization: `Bearer ${refreshed.json.data.access_token}` },
      };

      const other = await login("ci-runner");
      since = await lastSeq();
      const otherId = String(other.token).split("|")[0] ?? "";
      const one = await as(current, tokenRoute.DELETE, `/auth/tokens/${otherId}`, {
        method: "DELETE",
        params: { id: otherId },
      });
      assert.equal(one.status, 200, JSON.stringify(one.json));
      const single = await assertOneByAgent(owner, "token.revoked", one, "laptop-cli", since);
      assert.equal(single.targetId, otherId);

      await login("spare-1");
      await login("spare-2");
      since = await lastSeq();
      const others = await as(current, revokeOthersRoute.POST, "/auth/tokens/revoke-others", {
        method: "POST",
      });
      assert.equal(others.status, 200, JSON.stringify(others.json));
      const byOthers = (await entriesOf(owner.accountId, "token.revoked")).filter((e) => e.seq > since);
      // The onboarding token and the two spares: one entry each, all from that one request.
      assert.equal(byOthers.length, 3);
      assert.ok(byOthers.every((e) => e.requestId === others.requestId && e.actorLabel === "laptop-cli"));

      since = await lastSeq();
      const out = await as(current, logoutRoute.POST, "/auth/logout", { method: "POST" });
      assert.equal(out.status, 200, JSON.stringify(out.json));
      await assertOneByAgent(owner, "token.revoked", out, "laptop-cli", since);

      const a = await login("everywhere-a");
      await login("everywhere-b");
      since = await lastSeq();
      const all = await as(
        { ...owner.agent, auth: { authorization: `Bearer ${a.token}` } },
        logoutAllRoute.POST,
        "/auth/logout-all",
        { method: "POST" },
      );
      assert.equal(all.status, 200, JSON.stringify(all.json));
      const everywhere = (await entriesOf(owner.accountId, "token.revoked")).filter((e) => e.seq > since);
      assert.equal(everywhere.length, 2);
      assert.ok(everywhere.every((e) => e.actorLabel === "everywhere-a" && e.requestId === all.requestId));
    });

    test("API keys: create, update, delete through the routes", async () => {
      const owner = await newOwner();
      const label = await tokenNameOf(owner);
      let since = await lastSeq();
      const created = await as(owner.agent, keysRoute.POST, "/api-keys", {
        method: "POST",
        body: { name: "batch" },
      });
      assert.equal(created.status, 201, JSON.stringify(created.json));
      const entry = await assertOneByAgent(owner, "api_key.created", created, label, since);
      const id = String(created.json.data.id);
      assert.equal(entry.targetId, id);
      assert.ok(!JSON.stringify(entry.data).includes(created.json.data.key), "never the key itself");

      since = await lastSeq();
      const renamed = await as(owner.agent, keyRoute.PUT, `/api-keys/${id}`, {
        method: "PUT",
        body: { name: "nightly" },
        params: { id },
      });
      assert.equal(renamed.status, 200, JSON.stringify(renamed.json));
      await assertOneByAgent(owner, "api_key.updated", renamed, label, since);

      since = await lastSeq();
      const deleted = await as(owner.agent, keyRoute.DELETE, `/api-keys/${id}`, {
        method: "DELETE",
        params: { id },
      });
      assert.equal(deleted.status, 200, JSON.stringify(deleted.json));
      await assertOneByAgent(owner, "api_key.deleted", deleted, label, since);

      // A refused request writes nothing.
      since = await lastSeq();
      const again = await as(owner.agent, keyRoute.DELETE, `/api-keys/${id}`, {
        method: "DELETE",
        params: { id },
      });
      assert.equal(again.status, 404);
      assert.equal((await entriesOf(owner.accountId)).filter((e) => e.seq > since).length, 0);
    });

    test("cards: added, default changed, removed; wallet funded; coupon redeemed", async () => {
      const owner = await newOwner();
      const label = await tokenNameOf(owner);
      const t = suite.stripe();
      let since = await lastSeq();
      const first = await as(owner.agent, cardsRoute.POST, "/billing/payment-methods", {
        method: "POST",
        body: { payment_method_id: await t.tokenize("4242424242424242") },
      });
      assert.equal(first.status, 201, JSON.stringify(first.json));
      const added = await assertOneByAgent(owner, "payment_method.added", first, label, since);
      assert.deepEqual(
        { brand: (added.data as { brand: string }).brand, last4: (added.data as { last4: string }).last4 },
        { brand: "visa", last4: "4242" },
      );
      const second = await as(owner.agent, cardsRoute.POST, "/billing/payment-methods", {
        method: "POST",
        body: { payment_method_id: await t.tokenize("5555555555554444") },
      });
      assert.equal(second.status, 201);
      const secondId = String(second.json.data.id);

      since = await lastSeq();
      const made = await as(
        owner.agent,
        defaultCardRoute.PUT,
        `/billing/payment-methods/${secondId}/default`,
        {
          method: "PUT",
          params: { id: secondId },
        },
      );
      assert.equal(made.status, 200, JSON.stringify(made.json));
      await assertOneByAgent(owner, "payment_method.default_changed", made, label, since);

      since = await lastSeq();
      const firstId = String(first.json.data.id);
      const removed = await as(owner.agent, cardRoute.DELETE, `/billing/payment-methods/${firstId}`, {
        method: "DELETE",
        params: { id: firstId },
      });
      assert.equal(removed.status, 200, JSON.stringify(removed.json));
      await assertOneByAgent(owner, "payment_method.removed", removed, label, since);

      since = await lastSeq();
      const funded = await as(owner.agent, fundRoute.POST, "/wallet/fund", {
        method: "POST",
        body: { amount: 25, payment_method_id: secondId },
      });
      assert.equal(funded.status, 200, JSON.stringify(funded.json));
      const fund = await assertOneByAgent(owner, "wallet.funded", funded, label, since);
      assert.equal((fund.data as { amount_minor: number }).amount_minor, 2500);
      assert.equal(fund.targetType, "ledger_entry");

      since = await lastSeq();
      const redeemed = await as(owner.agent, redeemRoute.POST, "/wallet/coupons/redeem", {
        method: "POST",
        body: { coupon_code: "WELCOME5" },
      });
      assert.equal(redeemed.status, 200, JSON.stringify(redeemed.json));
      const coupon = await assertOneByAgent(owner, "coupon.redeemed", redeemed, label, since);
      assert.equal((coupon.data as { amount_minor: number }).amount_minor, 500);
    });

    test("generation usage is not audited; an auto top-up it sets off is, as the system", async () => {
      const owner = await newOwner();
      const t = suite.stripe();
      const card = await as(owner.agent, cardsRoute.POST, "/billing/payment-methods", {
        method: "POST",
        body: { payment_method_id: await t.tokenize("4242424242424242") },
      });
      assert.equal(card.status, 201);
      const set = await as(owner.agent, autoFundingRoute.PUT, "/wallet/auto-funding", {
        method: "PUT",
        body: { auto_charge_amount: 20, charge_threshold: 10 },
      });
      assert.equal(set.status, 200, JSON.stringify(set.json));
      await as(owner.agent, redeemRoute.POST, "/wallet/coupons/redeem", {
        method: "POST",
        body: { coupon_code: "WELCOME5" },
      });
      const since = await lastSeq();
      await spend(owner, 450);
      await afterDebit(await getDb(), owner.accountId);
      const fresh = (await entriesOf(owner.accountId)).filter((e) => e.seq > since);
      assert.deepEqual(
        fresh.map((e) => [e.action, e.actorKind, (e.data as { kind: string }).kind]),
        [["wallet.funded", "system", "auto_fund"]],
      );
    });

    test("a dashboard action through the door is the signed-in human, with its request id and IP", async () => {
      const { human, agent } = await signedInHuman();
      const since = await lastSeq();
      const ip = nextIp();
      const claims = { sessionId: human.sessionId, userId: human.userId, accountId: human.accountId };
      // The door runAsHuman opens (lib/actions/session.ts), with the session read from the test's claims.
      const result = await runDoor(
        fromAction(new Headers({ [PEER_HEADER]: ip, [PEER_SECRET_HEADER]: env().peerSecret ?? "" }), {
          name: "from-the-dashboard",
        }),
        {
          auth: session({ read: async () => claims, resolve: resolveDashboardSession }),
          limit: false,
          inputGuard: { root: "form" },
          log: false,
          output: action<unknown>(),
          audience: "human",
        },
        ({ db, caller }) => handleCreateKey({ db, human: caller }, { name: "from-the-dashboard" }),
      );
      assert.equal(result.ok, true, JSON.stringify(result));
      const entries = (await entriesOf(human.accountId, "api_key.created")).filter((e) => e.seq > since);
      assert.equal(entries.length, 1);
      const [entry] = entries as [AuditEvent];
      assert.equal(entry.actorKind, "human");
      assert.equal(entry.actorUserId, agent.userId);
      assert.equal(entry.actorLabel, null);
      assert.equal(entry.ip, ip);
      assert.match(entry.requestId ?? "", /^req_/);
    });

    test("subscriptions: created, changed, paused, resumed, cancelled by the agent; renewed by the system", async () => {
      const owner = await newOwner();
      const label = await tokenNameOf(owner);
      const t = suite.stripe();
      const pm = await t.tokenize("4242424242424242");
      let since = await lastSeq();
      const bought = await as(owner.agent, subscriptionsRoute.POST, "/subscriptions", {
        method: "POST",
        body: { plan_id: 10, payment_method_id: pm },
      });
      assert.equal(bought.status, 201, JSON.stringify(bought.json));
      const id = String(bought.json.data.subscription.id);
      const created = await assertOneByAgent(owner, "subscription.created", bought, label, since);
      assert.equal(created.targetId, id);

      const step = async (
        route: { POST?: unknown; PUT?: unknown },
        method: "POST" | "PUT",
        suffix: string,
        body: unknown,
        actionName: string,
      ) => {
        since = await lastSeq();
        const r = await as(owner.agent, route[method] as Handler, `/subscriptions/${id}${suffix}`, {
          method,
          body,
          params: { id },
        });
        assert.equal(r.status, 200, `${actionName}: ${JSON.stringify(r.json)}`);
        return assertOneByAgent(owner, actionName, r, label, since);
      };
      const changed = await step(subscriptionRoute, "PUT", "", { new_plan_id: 11 }, "subscription.changed");
      assert.equal((changed.data as { previous_plan_id: number }).previous_plan_id, 10);
      await step(pauseRoute, "POST", "/pause", {}, "subscription.paused");
      await step(resumeRoute, "POST", "/resume", {}, "subscription.resumed");
      const cancelled = await step(cancelRoute, "POST", "/cancel", {}, "subscription.cancelled");
      assert.equal((cancelled.data as { when: string }).when, "period_end");
      await step(resumeRoute, "POST", "/resume", {}, "subscription.resumed");

      // The renewal comes by webhook, however many of its events arrive: one entry, the system's.
      await idle();
      since = await lastSeq();
      await t.helper("/_emulator/clock/advance", { days: 32 });
      await idle();
      const renewed = (await entriesOf(owner.accountId, "subscription.renewed")).filter((e) => e.seq > since);
      assert.equal(renewed.length, 1, JSON.stringify(renewed));
      assert.equal(renewed[0]?.actorKind, "system");
      assert.equal(
        (renewed[0]?.data as { subscription_id?: number } | undefined)?.subscription_id,
        Number(id),
      );
    });

    test("refunds by webhook and disputes by the reconciler: the system's entries", async () => {
      const owner = await newOwner();
      const t = suite.stripe();
      const pm = await t.tokenize("4242424242424242");
      const fund = async () => {
        const r = await as(owner.agent, fundRoute.POST, "/wallet/fund", {
          method: "POST",
          body: { amount: 30, payment_method_id: pm },
        });
        assert.equal(r.status, 200, JSON.stringify(r.json));
        return String(r.json.data.payment.payment_intent_id);
      };
      const refunded = await fund();
      const disputed = await fund();
      await idle();
      let since = await lastSeq();
      await stripe().refunds.create({ payment_intent: refunded, amount: 1000 });
      await idle();
      const refunds = (await entriesOf(owner.accountId, "wallet.refunded")).filter((e) => e.seq > since);
      assert.equal(refunds.length, 1, JSON.stringify(refunds));
      assert.equal(refunds[0]?.actorKind, "system");
      assert.equal((refunds[0]?.data as { amount_minor?: number } | undefined)?.amount_minor, -1000);
      assert.match(refunds[0]?.requestId ?? "", /^req_/, "the webhook's request");

      await t.helper("/_emulator/faults", {
        target: "webhook",
        action: "drop",
        event_type: "charge.dispute.*",
        count: 1000,
      });
      await t.helper(`/_emulator/charges/${disputed}/dispute`, {});
      await idle();
      since = await lastSeq();
      await reconcile(await getDb());
      await fetch(`${t.url}/_emulator/faults`, { method: "DELETE" });
      const disputes = (await entriesOf(owner.accountId, "wallet.disputed")).filter((e) => e.seq > since);
      assert.equal(disputes.length, 1, JSON.stringify(disputes));
      assert.equal(disputes[0]?.actorKind, "system");
      assert.equal(disputes[0]?.requestId, null, "the reconciler runs outside any request");
    });

    test("the trail is append-only: UPDATE and DELETE are refused by the database", async () => {
      const db = await getDb();
      const accountId = randomUUID();
      await recordAudit(db, { accountId, action: "wallet.adjusted", data: { note: "kept" } });
      const [entry] = await entriesOf(accountId);
      assert.ok(entry);
      const refused = (error: unknown) => {
        const e = error as { message?: string; cause?: { message?: string } };
        return /append-only/.test(`${e.message} ${e.cause?.message ?? ""}`);
      };
      await assert.rejects(
        db.update(auditEvents).set({ action: "wallet.funded" }).where(eq(auditEvents.id, entry.id)),
        refused,
      );
      await assert.rejects(db.delete(auditEvents).where(eq(auditEvents.id, entry.id)), refused);
      const [after] = await entriesOf(accountId);
      assert.equal(after?.action, "wallet.adjusted");
    });
  });
}
