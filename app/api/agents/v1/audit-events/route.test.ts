import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/audit-log";
import { runWithAuditContext } from "@/lib/audit/context";
import { issueAccessToken } from "@/lib/auth/issue-access-token";
import { getDb } from "@/lib/db/client";
import { memberships, users } from "@/lib/db/schema";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { onboardAgent, type TestAgent } from "@/tests/helpers/agent";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { call } from "@/tests/helpers/http";
import * as route from "./route";

process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "100000";

const list = (token: string | null, query = "") =>
  call(route.GET, `/api/agents/v1/audit-events${query}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

const accountOf = async (agent: TestAgent) => {
  const [user] = await (await getDb()).select().from(users).where(eq(users.id, agent.userId));
  return user?.personalAccountId ?? "";
};

/** A token of `agent` acting for `accountId`, where it holds `role`. */
async function memberToken(agent: TestAgent, accountId: string, role: "admin" | "member" | "viewer") {
  const db = await getDb();
  await db.insert(memberships).values({ userId: agent.userId, accountId, role }).onConflictDoNothing();
  const token = await issueAccessToken(db, {
    userId: agent.userId,
    accountId,
    name: `${role}-device`,
    expiry: "1_week",
    scopes: ["*"],
  });
  return token.plaintext;
}

for (const kind of availableDatabases()) {
  describe(`GET /audit-events on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    let owner: TestAgent;
    let stranger: TestAgent;
    let ownerAccount: string;
    let strangerAccount: string;

    before(async () => {
      resetRateLimiters();
      cleanup = await useFreshDatabase(kind);
      owner = await onboardAgent();
      stranger = await onboardAgent();
      ownerAccount = await accountOf(owner);
      strangerAccount = await accountOf(stranger);
      const db = await getDb();
      // After onboarding's token.created and api_key.created (agent): a human and system history.
      await runWithAuditContext(
        { actor: { kind: "human", userId: owner.userId }, requestId: "req_h", ip: "10.0.0.9" },
        () =>
          recordAudit(db, {
            accountId: ownerAccount,
            action: "subscription.created",
            targetType: "subscription",
            targetId: "1",
          }),
      );
      for (let i = 0; i < 3; i++) {
        await recordAudit(db, {
          accountId: ownerAccount,
          action: "wallet.funded",
          data: { amount_minor: 1000 + i },
          actor: { kind: "system" },
        });
      }
      await recordAudit(db, {
        accountId: ownerAccount,
        action: "wallet_x.funded",
        actor: { kind: "system" },
      });
      await recordAudit(db, {
        accountId: strangerAccount,
        action: "wallet.funded",
        actor: { kind: "system" },
      });
    });
    after(() => cleanup());

    test("the owner reads the account's trail, newest first, in the envelope", async () => {
      const res = await list(owner.token);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      const { items, count, next_cursor } = res.json.data;
      assert.equal(count, items.length);
      assert.equal(next_cursor, null);
      assert.deepEqual(
        items.map((e: any) => e.action),
        [
          "wallet_x.funded",
          "wallet.funded",
          "wallet.funded",
          "wallet.funded",
          "subscription.created",
          // Verify made the default key, then the token.
          "token.created",
          "api_key.created",
        ],
      );
      const human = items.find((e: any) => e.action === "subscription.created");
      assert.deepEqual(human.actor, { kind: "human", user_id: owner.userId, name: null });
      assert.equal(human.request_id, "req_h");
      assert.equal(human.ip, "10.0.0.9");
      assert.deepEqual(human.target, { type: "subscription", id: "1" });
      assert.equal(human.account_id, ownerAccount);
      assert.ok(!Number.isNaN(Date.parse(human.created_at)));
      const token = items.find((e: any) => e.action === "token.created");
      assert.equal(token.actor.kind, "agent");
      assert.equal(token.actor.user_id, owner.userId);
      assert.ok(
        items.every((e: any) => e.account_id === ownerAccount),
        "never another account's",
      );
    });

    test("another account's entries are never visible, whatever the filter", async () => {
      const res = await list(stranger.token, "?action=wallet.");
      assert.equal(res.status, 200);
      assert.equal(res.json.data.items.length, 1);
      assert.equal(res.json.data.items[0].account_id, strangerAccount);
    });

    test("filters: actor kind, exact action, action prefix (wallet. and wallet.*), date range", async () => {
      const actions = async (query: string) => {
        const res = await list(owner.token, query);
        assert.equal(res.status, 200, `${query}: ${JSON.stringify(res.json)}`);
        return res.json.data.items.map((e: any) => e.action);
      };
      assert.deepEqual(await actions("?actor_kind=human"), ["subscription.created"]);
      assert.deepEqual(await actions("?actor_kind=agent"), ["token.created", "api_key.created"]);
      assert.equal((await actions("?actor_kind=system")).length, 4);
      assert.deepEqual(await actions("?action=subscription.created"), ["subscription.created"]);
      assert.deepEqual(await actions("?action=wallet."), ["wallet.funded", "wallet.funded", "wallet.funded"]);
      assert.deepEqual(await actions("?action=wallet.*"), [
        "wallet.funded",
        "wallet.funded",
        "wallet.funded",
      ]);
      assert.deepEqual(await actions("?action=wallet"), [], "a name without a dot is exact");
      assert.deepEqual(await actions("?action=wallet.&actor_kind=human"), []);
      const today = new Date().toISOString().slice(0, 10);
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      assert.equal((await actions(`?from=${today}&to=${today}`)).length, 7);
      assert.deepEqual(await actions(`?to=${yesterday}`), []);
      assert.deepEqual(await actions(`?from=${tomorrow}`), []);
      assert.equal(
        (await actions(`?from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`)).length,
        7,
      );
    });

    test("cursor paging walks every entry once, newest first, and keeps the filter", async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await list(owner.token, `?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
        assert.equal(res.status, 200, JSON.stringify(res.json));
        assert.ok(res.json.data.items.length <= 2);
        seen.push(...res.json.data.items.map((e: any) => e.id));
        cursor = res.json.data.next_cursor;
        pages++;
      } while (cursor && pages < 10);
      assert.equal(pages, 4);
      assert.equal(seen.length, 7);
      assert.equal(new Set(seen).size, 7);
      const all = (await list(owner.token)).json.data.items.map((e: any) => e.id);
      assert.deepEqual(seen, all);

      const first = await list(owner.token, "?action=wallet.&limit=2");
      assert.equal(first.json.data.items.length, 2);
      const second = await list(owner.token, `?action=wallet.&limit=2&cursor=${first.json.data.next_cursor}`);
      assert.equal(second.json.data.items.length, 1);
      assert.equal(second.json.data.next_cursor, null);
    });

    test("no token → 401; a token without audit:read → 403 insufficient_scope", async () => {
      const anonymous = await list(null);
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.json.error.code, "unauthenticated");
      const db = await getDb();
      const narrow = await issueAccessToken(db, {
        userId: owner.userId,
        accountId: ownerAccount,
        name: "narrow",
        expiry: "1_week",
        scopes: ["wallet:read"],
      });
      const refused = await list(narrow.plaintext);
      assert.equal(refused.status, 403);
      assert.equal(refused.json.error.code, "insufficient_scope");
      const scoped = await issueAccessToken(db, {
        userId: owner.userId,
        accountId: ownerAccount,
        name: "auditor",
        expiry: "1_week",
        scopes: ["audit:read"],
      });
      assert.equal((await list(scoped.plaintext)).status, 200);
    });

    test("members and viewers of the account → 403 forbidden; an admin reads the account's trail", async () => {
      for (const role of ["member", "viewer"] as const) {
        const someone = await onboardAgent();
        const res = await list(await memberToken(someone, ownerAccount, role));
        assert.equal(res.status, 403, `${role}: ${JSON.stringify(res.json)}`);
        assert.equal(res.json.error.code, "forbidden");
      }
      const admin = await onboardAgent();
      const res = await list(await memberToken(admin, ownerAccount, "admin"));
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.ok(res.json.data.items.length >= 7);
      assert.ok(res.json.data.items.every((e: any) => e.account_id === ownerAccount));
    });

    test("bad filters → 422 naming the field", async () => {
      const cases: Array<[string, string]> = [
        ["?actor_kind=robot", "actor_kind"],
        ["?action=Wallet!", "action"],
        ["?action=wallet..funded", "action"],
        ["?from=yesterday", "from"],
        ["?to=2026-02-30", "to"],
        ["?from=2026-05-02&to=2026-05-01", "from"],
        ["?limit=0", "limit"],
        ["?limit=201", "limit"],
        ["?cursor=bm90LWEtY3Vyc29y", "cursor"],
      ];
      for (const [query, field] of cases) {
        const res = await list(owner.token, query);
        assert.equal(res.status, 422, `${query}: ${JSON.stringify(res.json)}`);
        assert.equal(res.json.error.code, "validation_error", query);
        assert.ok(
          JSON.stringify(res.json.error.details ?? {}).includes(field),
          `${query}: ${JSON.stringify(res.json)}`,
        );
      }
    });
  });
}
