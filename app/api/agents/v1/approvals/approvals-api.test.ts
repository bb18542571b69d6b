import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq, inArray } from "drizzle-orm";
import * as apiKeysRoute from "@/app/api/agents/v1/api-keys/route";
import * as cardsRoute from "@/app/api/agents/v1/billing/payment-methods/route";
import * as subscriptionRoute from "@/app/api/agents/v1/subscriptions/[id]/route";
import * as subscriptionsRoute from "@/app/api/agents/v1/subscriptions/route";
import * as fundRoute from "@/app/api/agents/v1/wallet/fund/route";
import { expireDueApprovals } from "@/lib/approvals/requests";
import { getDb } from "@/lib/db/client";
import { accessTokens, outboxEmails } from "@/lib/db/schema/accounts";
import { approvalRequests } from "@/lib/db/schema/approvals";
import { auditEvents } from "@/lib/db/schema/platform";
import { subscriptions } from "@/lib/db/schema/subscriptions";
import { ledgerEntries, wallets } from "@/lib/db/schema/wallet";
import { resetEnvCache } from "@/lib/env";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { onboardAgent, type TestAgent } from "@/tests/helpers/agent";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { call, respond } from "@/tests/helpers/http";
import { assertLedgerInvariants } from "@/tests/helpers/ledger";
import { type TestStripe, useEmulator } from "@/tests/helpers/stripe";
import { accountOf, makeTeam, type TestTeam } from "@/tests/helpers/team";
import * as approveRoute from "./[id]/approve/route";
import * as rejectRoute from "./[id]/reject/route";
import * as approvalRoute from "./[id]/route";
import * as policyRoute from "./policy/route";
import * as listRoute from "./route";

process.env.RATE_LIMIT_BILLING_PER_MINUTE = "100000";
process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "100000";

const base = "/api/agents/v1";
const headers = (agent: TestAgent, key?: string) => ({
  ...agent.auth,
  ...(key ? { "idempotency-key": key } : {}),
});

const fund = (agent: TestAgent, body: unknown, key?: string) =>
  call(fundRoute.POST, `${base}/wallet/fund`, { method: "POST", body, headers: headers(agent, key) });
const subscribe = (agent: TestAgent, body: unknown, key?: string) =>
  call(subscriptionsRoute.POST, `${base}/subscriptions`, {
    method: "POST",
    body,
    headers: headers(agent, key),
  });
const changePlan = (agent: TestAgent, id: number, body: unknown) =>
  call(subscriptionRoute.PUT, `${base}/subscriptions/${id}`, {
    method: "PUT",
    body,
    headers: headers(agent),
    params: { id: String(id) },
  });
const createKey = (agent: TestAgent, body: unknown) =>
  call(apiKeysRoute.POST, `${base}/api-keys`, { method: "POST", body, headers: headers(agent) });
const list = (agent: TestAgent | null, query = "") =>
  call(listRoute.GET, `${base}/approvals${query}`, { headers: agent ? agent.auth : {} });
const show = (agent: TestAgent | null, id: string, query = "") =>
  call(approvalRoute.GET, `${base}/approvals/${id}${query}`, {
    headers: agent ? agent.auth : {},
    params: { id },
  });
const approve = (agent: TestAgent | null, id: string) =>
  call(approveRoute.POST, `${base}/approvals/${id}/approve`, {
    method: "POST",
    body: {},
    headers: agent ? agent.auth : {},
    params: { id },
  });
const reject = (agent: TestAgent | null, id: string, body: unknown) =>
  call(rejectRoute.POST, `${base}/approvals/${id}/reject`, {
    method: "POST",
    body,
    headers: agent ? agent.auth : {},
    params: { id },
  });
const getPolicy = (agent: TestAgent | null) =>
  call(policyRoute.GET, `${base}/approvals/policy`, { headers: agent ? agent.auth : {} });
const putPolicy = (agent: TestAgent | null, body: unknown) =>
  call(policyRoute.PUT, `${base}/approvals/policy`, {
    method: "PUT",
    body,
    headers: agent ? agent.auth : {},
  });

/** A 202 `pending_approval` answer; returns the approval id. */
function assertHeld(res: { status: number; json: any }): string {
  assert.equal(res.status, 202, JSON.stringify(res.json));
  assert.equal(res.json.data.status, "pending_approval");
  const { id, status_url, expires_at } = res.json.data.approval;
  assert.match(id, /^[0-9a-f-]{36}$/);
  assert.equal(status_url, `http://127.0.0.1:3999${base}/approvals/${id}`);
  const hours = (new Date(expires_at).getTime() - Date.now()) / 3_600_000;
  assert.ok(hours > 71.9 && hours <= 72, `expires in ${hours} h`);
  return id;
}

async function auditActions(targetId: string): Promise<string[]> {
  const rows = await (await getDb())
    .select({ action: auditEvents.action })
    .from(auditEvents)
    .where(eq(auditEvents.targetId, targetId))
    .orderBy(auditEvents.createdAt);
  return rows.map((r) => r.action);
}

const balanceOf = async (accountId: string) => {
  const [w] = await (await getDb()).select().from(wallets).where(eq(wallets.accountId, accountId));
  return w?.balanceMinor ?? 0;
};

const fundEntries = async (accountId: string) =>
  (await getDb())
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.accountId, accountId), eq(ledgerEntries.kind, "fund")));

for (const kind of availableDatabases()) {
  describe(`approvals API on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    let s: TestStripe;
    let team: TestTeam;
    let stranger: TestAgent;

    before(async () => {
      resetEnvCache();
      resetRateLimiters();
      cleanup = await useFreshDatabase(kind);
      s = await useEmulator({ deliverWebhooks: true });
      team = await makeTeam();
      stranger = await onboardAgent();
      // The team's default card, which approved requests without a card are charged on.
      const card = await call(cardsRoute.POST, `${base}/billing/payment-methods`, {
        method: "POST",
        body: { payment_method_id: await s.tokenize("4242424242424242"), make_default: true },
        headers: team.owner.auth,
      });
      assert.equal(card.status, 201, JSON.stringify(card.json));
    });
    after(async () => {
      await s.emulator.webhooksIdle();
      await assertLedgerInvariants(await getDb());
      await s.close();
      await cleanup();
    });

    test("policy: defaults for every member to read; only owners and admins change it", async () => {
      const read = await getPolicy(team.member);
      assert.equal(read.status, 200);
      assert.deepEqual(read.json.data, {
        subscriptions: true,
        funds: true,
        fund_threshold: 100,
        api_keys: false,
        currency: "USD",
        applies_to: ["member"],
        is_default: true,
        updated_at: null,
      });
      assert.equal((await getPolicy(null)).status, 401);
      const byMember = await putPolicy(team.member, { api_keys: true });
      assert.equal(byMember.status, 403);
      assert.equal(byMember.json.error.code, "forbidden");
      assert.equal((await putPolicy(null, { api_keys: true })).status, 401);
      const bad = await putPolicy(team.owner, { fund_threshold: -5, api_keys: "maybe" });
      assert.equal(bad.status, 422);
      assert.ok(bad.json.error.details.fund_threshold && bad.json.error.details.api_keys);

      const set = await putPolicy(team.admin, { fund_threshold: 150.5 });
      assert.equal(set.status, 200, JSON.stringify(set.json));
      assert.equal(set.json.data.fund_threshold, 150.5);
      assert.equal(set.json.data.subscriptions, true);
      assert.equal(set.json.data.is_default, false);
      assert.deepEqual(await auditActions(team.accountId), ["approval_policy.updated"]);
      // A stranger's own account keeps the defaults: policies are per account.
      assert.equal((await getPolicy(stranger)).json.data.fund_threshold, 100);
      assert.equal((await putPolicy(team.owner, { fund_threshold: 100 })).status, 200);
    });

    test("a member's fund above the threshold is held (same key → same approval); below it runs", async () => {
      const db = await getDb();
      const first = await fund(team.member, { amount: 150 }, "fund-held-1");
      const id = assertHeld(first);
      const again = await fund(team.member, { amount: 150 }, "fund-held-1");
      assert.equal(again.json.data.approval.id, id);
      const rows = await db.select().from(approvalRequests).where(eq(approvalRequests.id, id));
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.kind, "fund");
      assert.equal(rows[0]?.amountMinor, 15_000);
      assert.equal(rows[0]?.idempotencyKey, "fund-held-1");
      assert.equal(rows[0]?.requesterUserId, team.member.userId);
      const [token] = await db
        .select({ name: accessTokens.name })
        .from(accessTokens)
        .where(eq(accessTokens.id, Number(team.member.token.split("|")[0])));
      assert.ok(token?.name);
      assert.equal(rows[0]?.requesterLabel, token.name);
      // Exactly $100 is not above the threshold: a checkout link at once, nothing held.
      const small = await fund(team.member, { amount: 100 });
      assert.equal(small.status, 200, JSON.stringify(small.json));
      assert.match(small.json.data.checkout_url, /^http/);
      // Owners and admins are never held.
      const byOwner = await fund(team.owner, { amount: 500 });
      assert.equal(byOwner.status, 200);
      assert.ok(byOwner.json.data.checkout_url);
      // The owner and the admin are mailed a link to the inbox.
      const mails = await db
        .select()
        .from(outboxEmails)
        .where(
          and(
            eq(outboxEmails.template, "approval_requested"),
            inArray(outboxEmails.toAddress, [team.owner.email, team.admin.email]),
          ),
        );
      assert.equal(mails.filter((m) => m.text?.includes(`/dashboard/approvals?id=${id}`)).length, 2);
      assert.deepEqual(await auditActions(id), ["approval.requested"]);
    });

    test("GET /approvals: members see their own, admins the team's; filters, cursor, 401, 422", async () => {
      const second = assertHeld(await fund(team.member2, { amount: 200 }));
      const mine = await list(team.member);
      assert.equal(mine.status, 200);
      assert.ok(mine.json.data.items.length >= 1);
      assert.ok(mine.json.data.items.every((a: any) => a.requested_by.user_id === team.member.userId));
      assert.ok(!mine.json.data.items.some((a: any) => a.id === second));
      const all = await list(team.admin, "?status=pending&kind=fund");
      assert.ok(all.json.data.items.some((a: any) => a.id === second));
      assert.ok(all.json.data.items.every((a: any) => a.status === "pending" && a.kind === "fund"));
      const item = all.json.data.items.find((a: any) => a.id === second);
      assert.deepEqual(item.cost, { amount: 200, currency: "USD" });
      assert.deepEqual(item.request, { amount: 200, payment_method_id: null });
      assert.equal(item.requested_by.email, team.member2.email);
      assert.ok(item.requested_by.device);
      // One per page, followed by cursor, reaches every approval once.
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await list(team.owner, `?limit=1${cursor ? `&cursor=${cursor}` : ""}`);
        assert.equal(page.status, 200);
        seen.push(...page.json.data.items.map((a: any) => a.id));
        cursor = page.json.data.next_cursor;
      } while (cursor);
      assert.equal(new Set(seen).size, seen.length);
      assert.ok(seen.includes(second));
      assert.deepEqual((await list(stranger)).json.data.items, []);
      assert.equal((await list(null)).status, 401);
      assert.equal((await list(team.owner, "?status=maybe")).status, 422);
      assert.equal((await list(team.owner, "?cursor=bm9wZQ")).status, 422);
      assert.equal((await list(team.owner, "?limit=1000")).status, 422);
    });

    test("GET /approvals/{id}: the requester and admins; anyone else 404; malformed 404; 401", async () => {
      const id = assertHeld(await fund(team.member, { amount: 300 }));
      assert.equal((await show(team.member, id)).status, 200);
      const byAdmin = await show(team.admin, id);
      assert.equal(byAdmin.status, 200);
      assert.equal(byAdmin.json.data.status, "pending");
      assert.equal(byAdmin.json.data.result, null);
      for (const other of [team.member2, stranger]) {
        const res = await show(other, id);
        assert.equal(res.status, 404);
        assert.equal(res.json.error.code, "not_found");
      }
      assert.equal((await show(team.owner, "not-a-uuid")).status, 404);
      assert.equal((await show(team.owner, "00000000-0000-4000-8000-000000000000")).status, 404);
      assert.equal((await show(null, id)).status, 401);
      assert.equal((await show(team.owner, id, "?wait=61")).status, 422);
      // Deciding is for owners and admins of that account only.
      assert.equal((await approve(team.member, id)).status, 403);
      assert.equal((await approve(stranger, id)).status, 404);
      assert.equal((await reject(stranger, id, { reason: "no" })).status, 404);
      assert.equal((await approve(null, id)).status, 401);
      assert.equal((await show(team.member, id)).json.data.status, "pending");
    });

    test("approve: the held fund runs once on the team's default card; exact ledger; second approve 409", async () => {
      const id = assertHeld(await fund(team.member, { amount: 125 }, "fund-approve-1"));
      const before = await balanceOf(team.accountId);
      const entriesBefore = (await fundEntries(team.accountId)).length;
      const res = await approve(team.owner, id);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      const a = res.json.data;
      assert.equal(a.status, "executed");
      assert.equal(a.decided_by, team.owner.userId);
      assert.equal(a.result.http_status, 200);
      assert.equal(a.result.error, null);
      assert.equal(a.result.data.amount, 125);
      assert.equal(a.result.data.balance, (before + 12_500) / 100);
      assert.equal(await balanceOf(team.accountId), before + 12_500);
      const entries = await fundEntries(team.accountId);
      assert.equal(entries.length, entriesBefore + 1);
      const again = await approve(team.admin, id);
      assert.equal(again.status, 409);
      assert.equal(again.json.error.details.status, "executed");
      assert.equal((await reject(team.admin, id, { reason: "late" })).status, 409);
      // The requester reads the same result; a retry of the original request still says held.
      const seen = await show(team.member, id);
      assert.deepEqual(seen.json.data.result, a.result);
      assert.equal((await fund(team.member, { amount: 125 }, "fund-approve-1")).json.data.approval.id, id);
      assert.equal(await balanceOf(team.accountId), before + 12_500);
      assert.deepEqual(await auditActions(id), [
        "approval.requested",
        "approval.approved",
        "approval.executed",
      ]);
    });

    test("two admins approving at once: one execution, one 409", async () => {
      const id = assertHeld(await fund(team.member, { amount: 110 }));
      const before = await balanceOf(team.accountId);
      const entriesBefore = (await fundEntries(team.accountId)).length;
      const [a, b] = await Promise.all([approve(team.owner, id), approve(team.admin, id)]);
      const statuses = [a.status, b.status].sort();
      assert.deepEqual(statuses, [200, 409], `${JSON.stringify(a.json)} ${JSON.stringify(b.json)}`);
      assert.equal(await balanceOf(team.accountId), before + 11_000);
      assert.equal((await fundEntries(team.accountId)).length, entriesBefore + 1);
      const actions = await auditActions(id);
      assert.equal(actions.filter((x) => x === "approval.approved").length, 1);
      assert.equal(actions.filter((x) => x === "approval.executed").length, 1);
    });

    test("a held fund with a card that needs 3-D Secure: the result is the 202 requires_action", async () => {
      const pm = await s.tokenize("4000002760003184");
      const id = assertHeld(await fund(team.member, { amount: 120, payment_method_id: pm }));
      const before = await balanceOf(team.accountId);
      const res = await approve(team.admin, id);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      const { result } = res.json.data;
      assert.equal(result.http_status, 202);
      assert.equal(result.data.payment.status, "requires_action");
      assert.match(result.data.payment.next_action_url, /\/pay\/authenticate\//);
      assert.equal(await balanceOf(team.accountId), before);
    });

    test("a held fund with a declining card: the result is the 402", async () => {
      const pm = await s.tokenize("4000000000000002");
      const id = assertHeld(await fund(team.member, { amount: 130, payment_method_id: pm }));
      const res = await approve(team.owner, id);
      assert.equal(res.status, 200);
      assert.equal(res.json.data.status, "executed");
      assert.equal(res.json.data.result.http_status, 402);
      assert.equal(res.json.data.result.error.code, "payment_declined");
    });

    test("a held subscription: the waiting member's long-poll is woken by the approval; created once", async () => {
      const db = await getDb();
      const id = assertHeld(await subscribe(team.member, { plan_id: 10 }, "sub-held-1"));
      const waiting = show(team.member, id, "?wait=30");
      await new Promise((r) => setTimeout(r, 200));
      const approved = await approve(team.admin, id);
      assert.equal(approved.status, 200, JSON.stringify(approved.json));
      const polled = await waiting;
      assert.equal(polled.status, 200);
      assert.equal(polled.json.data.status, "executed");
      assert.equal(polled.json.data.result.http_status, 201, JSON.stringify(polled.json.data.result));
      assert.equal(polled.json.data.result.data.subscription.plan_id, 10);
      assert.equal(polled.json.data.result.data.status, "active");
      const subs = await db.select().from(subscriptions).where(eq(subscriptions.accountId, team.accountId));
      assert.equal(subs.length, 1);
      const remote = await s.helper("/_emulator/stats");
      assert.ok(remote.objects.subscription >= 1);

      // A plan change by the member is held too, and runs on approval.
      const subId = polled.json.data.result.data.subscription.id as number;
      const change = assertHeld(await changePlan(team.member, subId, { new_plan_id: 11 }));
      const done = await approve(team.owner, change);
      assert.equal(done.json.data.result.http_status, 200, JSON.stringify(done.json.data.result));
      assert.equal(done.json.data.result.data.subscription.plan_id, 11);
      // A held plan change of another account's subscription is refused before anything is held.
      assert.equal((await changePlan(stranger, subId, { new_plan_id: 12 })).status, 404);
      assert.equal((await subscribe(team.member, { plan_id: 999 })).status, 422);
    });

    test("reject: the request never runs; the waiter is woken with the reason; reason required", async () => {
      const id = assertHeld(await subscribe(team.member, { plan_id: 1 }));
      const bad = await reject(team.owner, id, {});
      assert.equal(bad.status, 422);
      assert.ok(bad.json.error.details.reason);
      assert.equal((await reject(team.member, id, { reason: "mine" })).status, 403);
      const waiting = show(team.member, id, "?wait=30");
      await new Promise((r) => setTimeout(r, 200));
      const res = await reject(team.owner, id, { reason: "Not this quarter." });
      assert.equal(res.status, 200);
      const polled = await waiting;
      assert.equal(polled.json.data.status, "rejected");
      assert.equal(polled.json.data.reason, "Not this quarter.");
      assert.equal(polled.json.data.result, null);
      assert.equal((await approve(team.owner, id)).status, 409);
      const subs = await (await getDb())
        .select()
        .from(subscriptions)
        .where(and(eq(subscriptions.accountId, team.accountId), eq(subscriptions.planId, 1)));
      assert.equal(subs.length, 0);
      assert.deepEqual(await auditActions(id), ["approval.requested", "approval.rejected"]);
    });

    test("expiry: a due approval reads as expired (lazily and by the sweep) and can no longer be approved", async () => {
      const db = await getDb();
      const lazy = assertHeld(await fund(team.member, { amount: 140 }));
      const swept = assertHeld(await fund(team.member, { amount: 145 }));
      await db
        .update(approvalRequests)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(inArray(approvalRequests.id, [lazy, swept]));
      const read = await show(team.member, lazy);
      assert.equal(read.json.data.status, "expired");
      assert.match(read.json.data.message, /expired/);
      assert.equal((await approve(team.owner, lazy)).status, 409);
      assert.ok((await expireDueApprovals(db)) >= 1);
      const [row] = await db.select().from(approvalRequests).where(eq(approvalRequests.id, swept));
      assert.equal(row?.status, "expired");
      assert.deepEqual(await auditActions(lazy), ["approval.requested", "approval.expired"]);
      const [entry] = await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.targetId, swept), eq(auditEvents.action, "approval.expired")));
      assert.equal(entry?.actorKind, "system");
    });

    test("SSE: the status at once, then the decision, then end", async () => {
      const id = assertHeld(await fund(team.member, { amount: 101 }));
      const response = await respond(approvalRoute.GET, `${base}/approvals/${id}?wait=30`, {
        headers: { ...team.member.auth, accept: "text/event-stream" },
        params: { id },
      });
      assert.equal(response.status, 200);
      assert.match(response.headers.get("content-type") ?? "", /text\/event-stream/);
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = "";
      const readUntil = async (needle: string) => {
        while (!text.includes(needle)) {
          const { value, done } = await reader.read();
          if (done) break;
          text += decoder.decode(value);
        }
      };
      await readUntil('"status":"pending"');
      assert.match(text, /^event: status/);
      await approve(team.owner, id);
      await readUntil("event: end");
      assert.match(text, /"status":"executed"/);
      assert.match(text, /event: end\ndata: \{"status":"executed"\}/);
      // A foreign approval is a plain 404, not a stream.
      const foreign = await call(approvalRoute.GET, `${base}/approvals/${id}`, {
        headers: { ...stranger.auth, accept: "text/event-stream" },
        params: { id },
      });
      assert.equal(foreign.status, 404);
    });

    test("new API keys held by policy: created when the requester collects it, the secret shown once", async () => {
      assert.equal((await putPolicy(team.owner, { api_keys: true })).status, 200);
      const id = assertHeld(await createKey(team.member, { name: "held key" }));
      const res = await approve(team.owner, id);
      assert.equal(res.status, 200);
      assert.equal(res.json.data.status, "approved");
      assert.equal(res.json.data.result, null);
      const collected = await show(team.member, id);
      assert.equal(collected.json.data.status, "executed");
      assert.equal(collected.json.data.result.http_status, 201);
      const key = collected.json.data.result.data.key as string;
      assert.ok(!key.includes("…") && key.length > 20, key);
      const later = await show(team.member, id);
      assert.notEqual(later.json.data.result.data.key, key);
      assert.equal(later.json.data.result.data.id, collected.json.data.result.data.id);
      // The admin sees the masked key only.
      assert.notEqual((await show(team.owner, id)).json.data.result.data.key, key);
      assert.equal((await createKey(team.owner, { name: "owner key" })).status, 201);
      assert.equal((await putPolicy(team.owner, { api_keys: false })).status, 200);
      assert.equal((await createKey(team.member, { name: "free key" })).status, 201);
    });

    test("a personal account is never held, whatever it asks", async () => {
      const solo = await onboardAgent();
      const res = await subscribe(solo, { plan_id: 1 });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.equal(res.json.data.status, "requires_checkout");
      assert.ok(await accountOf(solo));
    });
  });
}
