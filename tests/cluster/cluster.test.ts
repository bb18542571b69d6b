/**
 * reliability.md RL-04, IDEM-02, FAULT-07 and the issue-16 cluster cases: two instances of
 * `npm run start:cluster` on one PostgreSQL and one Redis. One cluster serves every case (its start
 * is the slow part); each case signs up its own agent, so their limits and ledgers never meet.
 * Skipped, saying why, when the machine has no PostgreSQL and Redis configured.
 */
import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { closeDb, getDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import {
  type Cluster,
  client,
  clusterUnavailable,
  onboard,
  startCluster,
  tokenize,
} from "@/tests/helpers/cluster";
import { assertLedgerInvariants } from "@/tests/helpers/ledger";

const skip = clusterUnavailable();
const AUTH_LIMIT = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const API = "/api/agents/v1";

describe("two instances on one PostgreSQL and Redis", { skip: skip ?? false }, () => {
  let cluster: Cluster;
  before(
    async () => {
      cluster = await startCluster({
        // The instances reach PostgreSQL through a TCP fault proxy, so one case can take it away.
        databaseProxy: true,
        env: {
          RATE_LIMIT_AUTH_PER_MINUTE: String(AUTH_LIMIT),
          RATE_LIMIT_GENERAL_PER_MINUTE: "1000000",
          RATE_LIMIT_BILLING_PER_MINUTE: "1000000",
          RATE_LIMIT_SIGNUP_PER_HOUR: "1000000",
          RATE_LIMIT_AUTH_IP_PER_MINUTE: "1000000",
        },
      });
    },
    { timeout: 900_000 },
  );
  after(async () => {
    await cluster?.stop();
  });

  const creditsOf = async (externalId: string) =>
    cluster.query<{ id: string }>("select id from ledger_entry where external_id = $1", [externalId]);

  test("the proxy spreads requests over both instances, each named in X-Onramp-Instance", async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${cluster.proxy}/api/health`);
      assert.equal(res.status, 200);
      seen.add(res.headers.get("x-onramp-instance") ?? "");
    }
    assert.deepEqual([...seen].sort(), ["a", "b"]);
    assert.equal((await fetch(`${cluster.a}/api/ping`)).headers.get("x-onramp-instance"), "a");
    assert.equal((await fetch(`${cluster.b}/api/ping`)).headers.get("x-onramp-instance"), "b");
  });

  test("RL-04: 200 parallel requests against a limit of 100, split across both → exactly 100 allowed", async () => {
    // The agent-auth limiter (per IP + email) on sign-in with no password: an allowed request ends
    // at validation (422) without touching the database, a refused one is 429 — so the count is
    // the limiter's alone, whatever the machine's load does to database connections.
    const email = `limit-${randomUUID()}@example.com`;
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        client(i % 2 ? cluster.a : cluster.b).post("/api/agents/v1/auth/login", { email }),
      ),
    );
    const statuses = results.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 422).length, AUTH_LIMIT, JSON.stringify(statuses));
    assert.equal(statuses.filter((s) => s === 429).length, 200 - AUTH_LIMIT);
    const instances = new Set(
      results.filter((r) => r.status === 422).map((r) => r.headers.get("x-onramp-instance")),
    );
    assert.deepEqual([...instances].sort(), ["a", "b"], "both instances spent the one budget");
  });

  test("IDEM-02: one Idempotency-Key sent 100 times across both → one PaymentIntent, one ledger entry, no 5xx", async () => {
    const agent = await onboard(cluster.b);
    const pm = await tokenize(cluster.emulator);
    const headers = { ...agent.auth, "idempotency-key": `cluster-${randomUUID()}` };
    const body = { amount: 20, payment_method_id: pm };
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        client(i % 2 ? cluster.a : cluster.b).post("/api/agents/v1/wallet/fund", body, headers),
      ),
    );
    const statuses = results.map((r) => r.status);
    const tally = new Map<number, number>();
    for (const s of statuses) tally.set(s, (tally.get(s) ?? 0) + 1);
    console.log(`[cluster] IDEM-02 statuses: ${[...tally].map(([s, n]) => `${n}× ${s}`).join(", ")}`);
    // The result, its replays, or 409 while the first still runs; never a 5xx (reliability §10.1).
    assert.ok(
      statuses.every((s) => s === 200 || s === 409),
      `only the result, its replays or 409 in flight: ${JSON.stringify(
        results.filter((r) => r.status !== 200 && r.status !== 409).map((r) => [r.status, r.json?.error]),
      )}`,
    );
    for (const busy of results.filter((r) => r.status === 409)) {
      assert.equal(busy.json.error.code, "idempotency_key_in_use", JSON.stringify(busy.json));
      assert.ok(Number(busy.headers.get("retry-after")) >= 1);
    }
    const first = results.filter((r) => r.status === 200 && r.headers.get("idempotent-replayed") !== "true");
    assert.equal(first.length, 1, "exactly one request executed; every other 200 is a replay");
    const replay = await client(cluster.a).post("/api/agents/v1/wallet/fund", body, headers);
    assert.equal(replay.status, 200);
    assert.equal(replay.headers.get("idempotent-replayed"), "true");
    const payments = await cluster.query<{ id: string }>(
      "select p.id from payment p join app_user u on u.personal_account_id = p.account_id where u.id = $1",
      [agent.userId],
    );
    assert.equal(payments.length, 1, "one PaymentIntent recorded");
    const intents = await cluster.helper("/_emulator/stats");
    assert.ok(intents, "the emulator answers its stats");
    const atStripe = await fetch(`${cluster.emulator}/v1/payment_intents?limit=100`, {
      headers: { authorization: `Basic ${Buffer.from("sk_test_onramp_emulator:").toString("base64")}` },
    }).then((r) => r.json() as Promise<{ data: Array<{ metadata: Record<string, string> }> }>);
    assert.equal(
      atStripe.data.filter((pi) => pi.metadata.onramp_user_id === agent.userId).length,
      1,
      "one PaymentIntent at Stripe",
    );
    assert.equal((await creditsOf(payments[0]!.id)).length, 1, "one ledger entry");
  });

  /** A paid Checkout session whose own webhooks are dropped, so only what the test does fulfils it. */
  async function paidSession(base: string) {
    const agent = await onboard(base);
    for (const type of ["checkout.session.completed", "payment_intent.succeeded"]) {
      await cluster.helper("/_emulator/faults", {
        target: "webhook",
        action: "drop",
        event_type: type,
        count: 1,
      });
    }
    const link = await client(base).post(
      "/api/agents/v1/billing/payment-link",
      { purpose: "fund", amount: 25 },
      agent.auth,
    );
    assert.equal(link.status, 201, JSON.stringify(link.json));
    return { agent, sessionId: link.json.data.session_id as string };
  }

  test("a hand-off waiter on instance a is woken within 2 s by the success page served by b", async () => {
    const { agent, sessionId } = await paidSession(cluster.a);
    const waiting = client(cluster.a).get(
      `/api/agents/v1/billing/payment-link/${sessionId}?wait=30`,
      agent.auth,
    );
    const answered = waiting.then((r) => ({ r, at: performance.now() }));
    await new Promise((r) => setTimeout(r, 500));
    await cluster.helper(`/_emulator/checkout/sessions/${sessionId}/complete`, { card: "4242424242424242" });
    const page = await fetch(`${cluster.b}/checkout/success?session_id=${sessionId}`);
    const servedAt = performance.now();
    assert.equal(page.status, 200);
    assert.equal(page.headers.get("x-onramp-instance"), "b");
    const { r, at } = await answered;
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.data.status, "fulfilled");
    assert.equal(r.headers.get("x-onramp-instance"), "a");
    assert.ok(at - servedAt <= 2_000, `woken ${Math.round(at - servedAt)} ms after the success page`);
    assert.equal((await creditsOf(sessionId)).length, 1);
  });

  test("a webhook delivered to either instance (3 times to each, at once) is applied once", async () => {
    const { sessionId } = await paidSession(cluster.b);
    await cluster.helper(`/_emulator/checkout/sessions/${sessionId}/complete`, { card: "4242424242424242" });
    const events = await fetch(`${cluster.emulator}/v1/events?type=checkout.session.completed&limit=100`, {
      headers: { authorization: `Basic ${Buffer.from("sk_test_onramp_emulator:").toString("base64")}` },
    }).then((r) => r.json() as Promise<{ data: Array<{ id: string; data: { object: { id: string } } }> }>);
    const event = events.data.find((e) => e.data.object.id === sessionId);
    assert.ok(event, "the emulator recorded the event");
    const payload = JSON.stringify(event);
    const secret = readFileSync(path.join(cluster.dataDir, "stripe-webhook-secret"), "utf8").trim();
    const t = Math.floor(Date.now() / 1000);
    const signature = `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${payload}`).digest("hex")}`;
    const deliveries = await Promise.all(
      [cluster.a, cluster.b, cluster.a, cluster.b, cluster.a, cluster.b].map((base) =>
        fetch(`${base}/api/stripe/webhook`, {
          method: "POST",
          headers: { "content-type": "application/json", "stripe-signature": signature },
          body: payload,
        }).then((r) => r.status),
      ),
    );
    assert.ok(
      deliveries.every((s) => s >= 200 && s < 300),
      JSON.stringify(deliveries),
    );
    // Processing may follow the acknowledgement: wait for the credit, then make sure no second one comes.
    for (let i = 0; i < 50 && (await creditsOf(sessionId)).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await creditsOf(sessionId)).length, 1);
  });

  test("an API key or access token revoked on a is refused by b on the next request", async () => {
    const agent = await onboard(cluster.a);
    const a = client(cluster.a);
    const b = client(cluster.b);
    const second = await b.post("/api/agents/v1/auth/login", { email: agent.email, password: "secret123" });
    assert.equal(second.status, 200, JSON.stringify(second.json));
    const token2 = { authorization: `Bearer ${second.json.data.access_token}` };
    assert.equal((await b.get("/api/agents/v1/me", token2)).status, 200, "b knows the token");
    const tokens = await a.get("/api/agents/v1/auth/tokens", agent.auth);
    const other = tokens.json.data.find((t: { is_current: boolean }) => !t.is_current);
    assert.ok(other, JSON.stringify(tokens.json));
    assert.equal((await a.del(`/api/agents/v1/auth/tokens/${other.id}`, agent.auth)).status, 200);
    const refused = await b.get("/api/agents/v1/me", token2);
    assert.equal(refused.status, 401, JSON.stringify(refused.json));

    const tryKey = () => b.post("/api/v7/images/fetch/1", { key: agent.apiKey });
    assert.notEqual((await tryKey()).status, 401, "b accepts the key");
    const keys = await a.get("/api/agents/v1/api-keys", agent.auth);
    const id = keys.json.data[0].id;
    const deleted = await a.del(`/api/agents/v1/api-keys/${id}`, agent.auth);
    assert.ok(deleted.status === 200 || deleted.status === 204, JSON.stringify(deleted.json));
    assert.equal((await tryKey()).status, 401);
  });

  test("teams on two instances: an approval decided on b wakes the member's wait on a within 2 s; a member removed on a is refused by b at once", async () => {
    const owner = await onboard(cluster.a);
    const member = await onboard(cluster.b);
    const a = client(cluster.a);
    const b = client(cluster.b);
    const invited = await a.post(`${API}/teams`, { email: member.email, role: "member" }, owner.auth);
    assert.equal(invited.status, 201, JSON.stringify(invited.json));
    const accepted = await b.post(
      `${API}/teams/invitations/${invited.json.data.invite_id}/accept`,
      {},
      member.auth,
    );
    assert.equal(accepted.status, 200, JSON.stringify(accepted.json));
    const switched = await b.post(
      `${API}/auth/switch-account`,
      { account_username: accepted.json.data.team.username },
      member.auth,
    );
    assert.equal(switched.status, 200, JSON.stringify(switched.json));
    const team = { authorization: `Bearer ${switched.json.data.access_token}` };

    // Above the default $100 threshold a member's funding waits for an owner or admin.
    const held = await a.post(
      `${API}/wallet/fund`,
      { amount: 150 },
      { ...team, "idempotency-key": `held-${randomUUID()}` },
    );
    assert.equal(held.status, 202, JSON.stringify(held.json));
    assert.equal(held.json.data.status, "pending_approval");
    const id = held.json.data.approval.id as string;
    const waiting = a.get(`${API}/approvals/${id}?wait=30`, team).then((r) => ({ r, at: performance.now() }));
    await sleep(500);
    const approved = await b.post(`${API}/approvals/${id}/approve`, {}, owner.auth);
    const decidedAt = performance.now();
    assert.equal(approved.status, 200, JSON.stringify(approved.json));
    assert.equal(approved.headers.get("x-onramp-instance"), "b");
    const { r, at } = await waiting;
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.headers.get("x-onramp-instance"), "a");
    assert.ok(["approved", "executed"].includes(r.json.data.status), JSON.stringify(r.json.data));
    const lag = Math.round(at - decidedAt);
    console.log(`[cluster] approval on b → wait on a answered ${lag} ms after the approve call returned`);
    assert.ok(lag <= 2_000, `woken ${lag} ms after the decision`);

    // b has just served the member's team token (and remembers it for a moment).
    assert.equal((await b.get(`${API}/me`, team)).status, 200);
    const removed = await a.del(`${API}/teams/${invited.json.data.id}`, owner.auth);
    assert.equal(removed.status, 200, JSON.stringify(removed.json));
    const refused = await b.get(`${API}/me`, team);
    assert.equal(refused.status, 401, JSON.stringify(refused.json));
    assert.equal((await b.get(`${API}/me`, member.auth)).status, 200, "the personal token lives");
  });

  test("/metrics on each instance counts what it served (loopback needs no token)", async () => {
    const texts = await Promise.all(
      [cluster.a, cluster.b].map((base) => fetch(`${base}/metrics`).then((r) => r.text())),
    );
    const sum = (name: string, match: RegExp) =>
      texts
        .flatMap((t) => t.split("\n"))
        .filter((l) => l.startsWith(name) && match.test(l))
        .reduce((n, l) => n + Number(l.split(" ").at(-1)), 0);
    assert.equal(sum("onramp_rate_limit_rejections_total", /auth\/login/), 200 - AUTH_LIMIT);
    assert.ok(sum("onramp_idempotency_replays_total", /wallet\/fund/) >= 1);
    assert.ok(
      sum("onramp_http_requests_total", /route="\/api\/agents\/v1\/auth\/login",status="422"/) === AUTH_LIMIT,
    );
    assert.match(texts[0] ?? "", /onramp_webhook_inbox_backlog \d+/);
    console.log(
      `[cluster] /metrics sample (instance a):\n${(texts[0] ?? "")
        .split("\n")
        .filter((l) => l.startsWith("onramp_"))
        .join("\n")}`,
    );
  });

  test("PostgreSQL cut mid-run (TCP fault proxy): 503 service_unavailable with Retry-After during the outage, then recovery with every charge credited once", async () => {
    const proxy = cluster.databaseProxy;
    assert.ok(proxy, "the cluster runs behind the database fault proxy");
    const agent = await onboard(cluster.a);
    const pm = await tokenize(cluster.emulator);
    type Call = {
      kind: "fund" | "generate";
      key: string;
      base: string;
      status: number;
      json: any;
      retryAfter: string | null;
      startedAt: number;
      endedAt: number;
    };
    const calls: Call[] = [];
    const send = async (kind: Call["kind"], base: string, key: string): Promise<Call> => {
      const startedAt = performance.now();
      const res =
        kind === "fund"
          ? await client(base).post(
              `${API}/wallet/fund`,
              { amount: 10, payment_method_id: pm },
              { ...agent.auth, "idempotency-key": key },
            )
          : await client(base).post(
              "/api/v7/images/text-to-image",
              { key: agent.apiKey, prompt: "A lighthouse in a storm", width: 512, height: 512 },
              { "idempotency-key": key },
            );
      return {
        kind,
        key,
        base,
        status: res.status,
        json: res.json,
        retryAfter: res.headers.get("retry-after"),
        startedAt,
        endedAt: performance.now(),
      };
    };
    let stop = false;
    const agentLoop = (async () => {
      for (let i = 0; !stop; i++) {
        const base = i % 2 ? cluster.a : cluster.b;
        calls.push(await send("fund", base, `outage-fund-${randomUUID()}`));
        calls.push(await send("generate", base, `outage-gen-${randomUUID()}`));
        if (calls.at(-1)?.status === 503) await sleep(200);
      }
    })();
    const ok = (kind: Call["kind"]) => calls.filter((c) => c.kind === kind && c.status === 200).length;
    const until = async (what: () => boolean, ms: number, label: string) => {
      const deadline = Date.now() + ms;
      while (!what()) {
        assert.ok(Date.now() < deadline, `timed out waiting for ${label}`);
        await sleep(100);
      }
    };
    await until(() => ok("fund") >= 2 && ok("generate") >= 2, 60_000, "funds and generations before the cut");

    proxy.cut();
    const cutAt = performance.now();
    const during = () => calls.filter((c) => c.startedAt > cutAt);
    await until(() => during().length >= 4, 60_000, "answers during the outage");
    await sleep(1_000);
    proxy.restore();
    const restoredAt = performance.now();
    const inOutage = calls.filter((c) => c.startedAt > cutAt && c.endedAt < restoredAt);
    assert.ok(inOutage.length >= 4, `${inOutage.length} requests ran wholly inside the outage`);
    for (const c of inOutage) {
      assert.equal(c.status, 503, `${c.kind} during the outage: ${c.status} ${JSON.stringify(c.json)}`);
      const code = c.kind === "fund" ? c.json.error.code : c.json.code;
      assert.equal(code, "service_unavailable", JSON.stringify(c.json));
      assert.ok(Number(c.retryAfter) >= 1, "with Retry-After");
    }
    // Recovery without a restart: both instances serve again.
    const recovered = ok("fund");
    await until(() => ok("fund") >= recovered + 2, 60_000, "funds after the outage");
    stop = true;
    await agentLoop;
    console.log(
      `[cluster] PostgreSQL outage: ${calls.length} requests, ${inOutage.length} inside the ${Math.round(restoredAt - cutAt)} ms outage (all 503), ${calls.filter((c) => c.status === 503).length} 503s in all`,
    );

    // The agent retries every request that did not succeed with its own key, as told (Retry-After);
    // a request cut mid-way keeps its key's lease (60 s) until the retry may take it over.
    const pending = new Map<string, Call>();
    for (const c of calls) if (c.status !== 200) pending.set(c.key, c);
    const retryDeadline = Date.now() + 120_000;
    for (const c of pending.values()) {
      let last = c;
      while (last.status !== 200) {
        assert.ok(
          Date.now() < retryDeadline,
          `${c.kind} ${c.key} still ${last.status}: ${JSON.stringify(last.json)}`,
        );
        assert.ok(
          [409, 503].includes(last.status),
          `${c.kind} retry answered ${last.status}: ${JSON.stringify(last.json)}`,
        );
        await sleep(Math.min(Number(last.retryAfter ?? 1), 5) * 1000);
        last = await send(c.kind, c.base === cluster.a ? cluster.b : cluster.a, c.key);
      }
      calls.push(last);
    }

    // Exactly once: every succeeded PaymentIntent credited once, every fund key one PaymentIntent,
    // every generation one debit; and the ledger's invariants hold.
    const fundKeys = new Set(calls.filter((c) => c.kind === "fund").map((c) => c.key));
    const funded = calls.filter((c) => c.kind === "fund" && c.status === 200);
    const intentIds = new Set(funded.map((c) => c.json.data.payment.payment_intent_id as string));
    assert.equal(
      intentIds.size,
      fundKeys.size,
      "one PaymentIntent per Idempotency-Key, however often retried",
    );
    const atStripe = await fetch(`${cluster.emulator}/v1/payment_intents?limit=100`, {
      headers: { authorization: `Basic ${Buffer.from("sk_test_onramp_emulator:").toString("base64")}` },
    }).then(
      (r) =>
        r.json() as Promise<{
          data: Array<{ id: string; status: string; metadata: Record<string, string> }>;
        }>,
    );
    const charged = atStripe.data.filter(
      (pi) => pi.metadata.onramp_user_id === agent.userId && pi.status === "succeeded",
    );
    assert.deepEqual(
      charged.map((pi) => pi.id).sort(),
      [...intentIds].sort(),
      "Stripe charged exactly the acknowledged PaymentIntents",
    );
    const [account] = await cluster.query<{ id: string }>(
      "select personal_account_id as id from app_user where id = $1",
      [agent.userId],
    );
    const credits = await cluster.query<{ external_id: string }>(
      "select external_id from ledger_entry where account_id = $1 and kind = 'fund'",
      [account!.id],
    );
    assert.deepEqual(
      credits.map((e) => e.external_id).sort(),
      [...intentIds].sort(),
      "each charge credited exactly once",
    );
    const genKeys = new Set(calls.filter((c) => c.kind === "generate").map((c) => c.key));
    const generations = new Set(
      calls.filter((c) => c.kind === "generate" && c.status === 200).map((c) => String(c.json.id)),
    );
    assert.equal(generations.size, genKeys.size, "one generation per Idempotency-Key");
    const debits = await cluster.query<{ external_id: string }>(
      "select external_id from ledger_entry where account_id = $1 and kind = 'usage'",
      [account!.id],
    );
    assert.deepEqual(
      debits.map((e) => e.external_id).sort(),
      [...generations].sort(),
      "each generation debited exactly once",
    );

    process.env.DATABASE_URL = cluster.databaseUrl;
    resetEnvCache();
    try {
      await assertLedgerInvariants(await getDb());
    } finally {
      await closeDb();
      delete process.env.DATABASE_URL;
      resetEnvCache();
    }
  });
});

if (skip) test(`cluster suite skipped: ${skip}`, { skip }, () => {});
