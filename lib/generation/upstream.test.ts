import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { generations } from "@/lib/db/schema/generation";
import { ledgerEntries } from "@/lib/db/schema/wallet";
import { resetEnvCache } from "@/lib/env";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { netSpendMinor } from "@/lib/usage/aggregates";
import { usageSummary } from "@/lib/usage/summary";
import { onboardAgent, type TestAgent } from "@/tests/helpers/agent";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import {
  accountIdOf,
  balanceMinor,
  credit,
  fetchV6,
  text2img,
  textToImage,
  usageLedgerMinor,
} from "@/tests/helpers/generation";
import { assertLedgerInvariants } from "@/tests/helpers/ledger";
import { settleFollowUps } from "./follow-ups";
import { settleStaleGenerations } from "./sweep";

process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "100000";
const UPSTREAM_KEY = "upstream-secret-key";

/** Plays a ModelsLab-compatible service; what it answers depends on the prompt. */
function startUpstream() {
  const received: Array<{ path: string; body: Record<string, unknown>; headerKey: string | undefined }> = [];
  const polls = new Map<string, number>();
  let nextId = 500;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString() || "{}") as Record<string, unknown>;
    const path = req.url ?? "";
    received.push({ path, body, headerKey: req.headers.key as string | undefined });
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(typeof payload === "string" ? payload : JSON.stringify(payload));
    };
    if (body.key !== UPSTREAM_KEY) return send(401, { status: "error", message: "Invalid Api Key" });
    const fetched = /^\/api\/v[67]\/images\/fetch\/(\w+)$/.exec(path);
    if (fetched) {
      const id = fetched[1] ?? "";
      const n = (polls.get(id) ?? 0) + 1;
      polls.set(id, n);
      if (id.startsWith("slow") && n < 2) return send(200, { status: "processing", id, eta: 1 });
      if (id.startsWith("slow"))
        return send(200, { status: "success", id, output: [`https://cdn.example/${id}.png`] });
      if (id.startsWith("doomed"))
        return send(200, { status: "error", id, message: `job ${id} crashed with ${UPSTREAM_KEY}` });
      return send(200, { status: "processing", id, eta: 30 });
    }
    const id = nextId++;
    const prompt = String(body.prompt);
    if (prompt.includes("succeed"))
      return send(200, { status: "success", id, output: [`https://cdn.example/${id}.png`], meta: {} });
    if (prompt.includes("queue"))
      return send(200, { status: "processing", id: `slow${id}`, eta: 3, fetch_result: "x" });
    if (prompt.includes("doom")) return send(200, { status: "processing", id: `doomed${id}`, eta: 3 });
    if (prompt.includes("forever")) return send(200, { status: "processing", id: `forever${id}`, eta: 3 });
    if (prompt.includes("500")) return send(500, "<html>Internal Server Error</html>");
    return send(200, { status: "error", message: "The model is overloaded, try again later" });
  });
  return { server, received };
}

for (const kind of availableDatabases()) {
  describe(`upstream provider on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    let upstream: ReturnType<typeof startUpstream>;
    let agent: TestAgent;
    let accountId: string;
    const ask = (prompt: string) =>
      text2img({ key: agent.apiKey, model_id: "sdxl", prompt, width: 512, height: 512 });

    before(async () => {
      upstream = startUpstream();
      await new Promise<void>((resolve) => upstream.server.listen(0, "127.0.0.1", resolve));
      process.env.GENERATION_PROVIDER = "upstream";
      process.env.GENERATION_UPSTREAM_URL = `http://127.0.0.1:${(upstream.server.address() as AddressInfo).port}/`;
      process.env.GENERATION_UPSTREAM_KEY = UPSTREAM_KEY;
      resetEnvCache();
      resetRateLimiters();
      cleanup = await useFreshDatabase(kind);
      const db = await getDb();
      agent = await onboardAgent();
      accountId = await accountIdOf(db, agent.userId);
      await credit(db, accountId, 1000);
    });
    after(async () => {
      await settleFollowUps();
      await assertLedgerInvariants(await getDb());
      await cleanup();
      delete process.env.GENERATION_PROVIDER;
      delete process.env.GENERATION_UPSTREAM_URL;
      delete process.env.GENERATION_UPSTREAM_KEY;
      resetEnvCache();
      await new Promise<void>((resolve) => {
        upstream.server.close(() => resolve());
        // The app's fetch keeps connections alive; without this, close() waits for them to time out.
        upstream.server.closeAllConnections();
      });
    });

    test("success: the upstream's output comes back, paid once; the upstream sees our key, never the caller's", async () => {
      const db = await getDb();
      const before = await balanceMinor(db, accountId);
      const r = await ask("please succeed");
      assert.equal(r.status, 200, JSON.stringify(r.json));
      assert.equal(r.json.status, "success");
      assert.match(r.json.output[0], /^https:\/\/cdn\.example\/\d+\.png$/);
      assert.equal(r.json.meta.provider, "upstream");
      assert.equal(await balanceMinor(db, accountId), before - 1);
      const sent = upstream.received.at(-1);
      assert.equal(sent?.path, "/api/v6/images/text2img");
      assert.equal(sent?.body.key, UPSTREAM_KEY);
      assert.equal(sent?.headerKey, UPSTREAM_KEY);
      assert.ok(!JSON.stringify(upstream.received).includes(agent.apiKey));
      assert.deepEqual(
        {
          model_id: sent?.body.model_id,
          prompt: sent?.body.prompt,
          width: sent?.body.width,
          samples: sent?.body.samples,
        },
        { model_id: "sdxl", prompt: "please succeed", width: 512, samples: 1 },
      );
    });

    test("processing, then success through our fetch route; charged once", async () => {
      const db = await getDb();
      const before = await balanceMinor(db, accountId);
      const queued = await ask("queue me");
      assert.equal(queued.status, 200);
      assert.equal(queued.json.status, "processing");
      assert.equal(queued.json.eta, 3);
      assert.equal(queued.json.fetch_result, `http://127.0.0.1:3999/api/v6/images/fetch/${queued.json.id}`);
      assert.deepEqual(queued.json.output, []);
      assert.equal(await balanceMinor(db, accountId), before - 1);

      const first = await fetchV6(queued.json.id, { key: agent.apiKey });
      assert.equal(first.status, 200);
      assert.equal(first.json.status, "processing");
      const second = await fetchV6(queued.json.id, { key: agent.apiKey });
      assert.equal(second.json.status, "success");
      assert.match(second.json.output[0], /^https:\/\/cdn\.example\/slow\d+\.png$/);
      assert.ok(upstream.received.some((r) => /^\/api\/v6\/images\/fetch\/slow\d+$/.test(r.path)));
      // Settled: a later fetch does not ask the upstream again.
      const calls = upstream.received.length;
      assert.equal((await fetchV6(queued.json.id, { key: agent.apiKey })).json.status, "success");
      assert.equal(upstream.received.length, calls);
      assert.equal(await balanceMinor(db, accountId), before - 1);
    });

    test("failure: 502 generation_failed, the charge refunded once with a reversal entry", async () => {
      const db = await getDb();
      for (const prompt of ["this will fail", "this gets a 500"]) {
        const before = await balanceMinor(db, accountId);
        const r = await ask(prompt);
        assert.equal(r.status, 502, JSON.stringify(r.json));
        assert.equal(r.json.status, "error");
        assert.equal(r.json.code, "generation_failed");
        assert.deepEqual(
          { refunded: r.json.details.refunded, funded_by: r.json.details.funded_by },
          { refunded: 0.01, funded_by: "wallet" },
        );
        assert.match(r.json.message, /refunded/);
        assert.equal(await balanceMinor(db, accountId), before);
        const id = r.json.details.id as number;
        const entries = await db
          .select()
          .from(ledgerEntries)
          .where(and(eq(ledgerEntries.source, "generation"), eq(ledgerEntries.externalId, String(id))));
        const debit = entries.find((e) => e.kind === "usage");
        const refund = entries.find((e) => e.kind === "usage_refund");
        assert.equal(entries.length, 2);
        assert.equal(debit?.amountMinor, -1);
        assert.equal(refund?.amountMinor, 1);
        assert.equal(refund?.reversesEntryId, debit?.id);
        // Asking again reports the same failure and refunds nothing more.
        const again = await fetchV6(id, { key: agent.apiKey });
        assert.equal(again.status, 502);
        assert.equal(await balanceMinor(db, accountId), before);
      }
    });

    test("a queued job that fails upstream is refunded once, however many fetches race", async () => {
      const db = await getDb();
      const before = await balanceMinor(db, accountId);
      const queued = await ask("doom");
      assert.equal(queued.json.status, "processing");
      const fetches = await Promise.all(
        Array.from({ length: 8 }, () => fetchV6(queued.json.id, { key: agent.apiKey })),
      );
      for (const f of fetches) {
        assert.equal(f.status, 502);
        assert.equal(f.json.code, "generation_failed");
        // The upstream's message is passed on, without our upstream key.
        assert.ok(!f.json.message.includes(UPSTREAM_KEY));
      }
      assert.equal(await balanceMinor(db, accountId), before);
      const refunds = await db
        .select()
        .from(ledgerEntries)
        .where(
          and(eq(ledgerEntries.externalId, String(queued.json.id)), eq(ledgerEntries.kind, "usage_refund")),
        );
      assert.equal(refunds.length, 1);
    });

    test("an unreachable upstream is a failure, refunded", async () => {
      const db = await getDb();
      const before = await balanceMinor(db, accountId);
      process.env.GENERATION_UPSTREAM_URL = "http://127.0.0.1:9/";
      resetEnvCache();
      try {
        const r = await ask("please succeed");
        assert.equal(r.status, 502);
        assert.equal(r.json.details.reason, "the provider could not be reached");
      } finally {
        process.env.GENERATION_UPSTREAM_URL = `http://127.0.0.1:${(upstream.server.address() as AddressInfo).port}/`;
        resetEnvCache();
      }
      assert.equal(await balanceMinor(db, accountId), before);
    });

    test("v7 forwards aspect_ratio to the upstream's v7 route", async () => {
      const r = await textToImage({
        key: agent.apiKey,
        model_id: "flux",
        prompt: "succeed wide",
        aspect_ratio: "16:9",
      });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      const sent = upstream.received.at(-1);
      assert.equal(sent?.path, "/api/v7/images/text-to-image");
      assert.equal(sent?.body.aspect_ratio, "16:9");
      assert.equal(sent?.body.width, undefined);
    });

    test("the sweeper fails and refunds a job still processing after an hour", async () => {
      const db = await getDb();
      const before = await balanceMinor(db, accountId);
      const queued = await ask("forever");
      assert.equal(queued.json.status, "processing");
      assert.deepEqual(await settleStaleGenerations(db), { checked: 0, failed: 0 });
      const later = new Date(Date.now() + 2 * 3_600_000);
      const swept = await settleStaleGenerations(db, { now: later });
      assert.equal(swept.failed, 1);
      const [row] = await db.select().from(generations).where(eq(generations.id, queued.json.id));
      assert.equal(row?.status, "error");
      assert.equal(await balanceMinor(db, accountId), before);
    });

    test("usage figures equal the ledger after successes, failures and refunds", async () => {
      const db = await getDb();
      const { figures } = await usageSummary(db, { accountId, from: null, before: null });
      assert.equal(netSpendMinor(figures), -(await usageLedgerMinor(db, accountId)));
      assert.ok(figures.failed >= 4);
      assert.ok(figures.refundedMinor > 0);
    });
  });
}
