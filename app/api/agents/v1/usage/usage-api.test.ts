import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as loginRoute from "@/app/api/agents/v1/auth/login/route";
import * as dailyRoute from "@/app/api/agents/v1/usage/daily/route";
import * as historyRoute from "@/app/api/agents/v1/usage/history/route";
import * as productsRoute from "@/app/api/agents/v1/usage/products/route";
import * as summaryRoute from "@/app/api/agents/v1/usage/summary/route";
import { UsageChart } from "@/components/usage/usage-chart";
import { getDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { settleFollowUps } from "@/lib/generation/follow-ups";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { dailyUsage } from "@/lib/usage/daily";
import { onboardAgent, type TestAgent } from "@/tests/helpers/agent";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import {
  accountIdOf,
  balanceMinor,
  credit,
  text2img,
  textToImage,
  usageLedgerMinor,
} from "@/tests/helpers/generation";
import { call } from "@/tests/helpers/http";
import { assertLedgerInvariants } from "@/tests/helpers/ledger";

process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "100000";
process.env.RATE_LIMIT_AUTH_PER_MINUTE = "100000";

/**
 * A tiny static renderer for server components without hooks (react-dom/server refuses to load
 * under the react-server condition the suites run with).
 */
function markup(node: unknown): string {
  if (node === null || node === undefined || typeof node === "boolean") return "";
  if (Array.isArray(node)) return node.map(markup).join("");
  if (typeof node !== "object") return String(node).replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const { type, props } = node as { type: unknown; props: Record<string, unknown> };
  if (typeof type === "function") return markup(type(props));
  const attrs = Object.entries(props)
    .filter(([k, v]) => k !== "children" && v !== undefined)
    .map(([k, v]) => ` ${k}="${String(v)}"`)
    .join("");
  return `<${String(type)}${attrs}>${markup(props.children)}</${String(type)}>`;
}
const renderToStaticMarkup = markup;

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const cents = (usd: number) => Math.round(usd * 100);

for (const kind of availableDatabases()) {
  describe(`usage API on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    let agent: TestAgent;
    let accountId: string;
    const get = (handler: typeof summaryRoute.GET, path: string, headers = agent.auth) =>
      call(handler, path, { headers });

    before(async () => {
      resetEnvCache();
      resetRateLimiters();
      cleanup = await useFreshDatabase(kind);
      const db = await getDb();
      agent = await onboardAgent();
      accountId = await accountIdOf(db, agent.userId);
      await credit(db, accountId, 40);
      const key = agent.apiKey;
      const made = [
        await text2img({ key, model_id: "flux", prompt: "one", width: 512, height: 512 }), // 2¢
        await text2img({ key, model_id: "sdxl", prompt: "two", width: 1024, height: 1024, samples: 2 }), // 4¢
        await textToImage({ key, model_id: "imagen-4", prompt: "three" }), // 4¢
        await text2img({ key, model_id: "flux", prompt: "four", width: 1024, height: 1024, samples: 4 }), // 16¢
      ];
      assert.deepEqual(
        made.map((r) => r.status),
        [200, 200, 200, 200],
      );
      // Refused for want of money: not usage.
      assert.equal(
        (await text2img({ key, model_id: "flux", prompt: "five", width: 1024, height: 1024, samples: 4 }))
          .status,
        402,
      );
    });
    after(async () => {
      await settleFollowUps();
      await assertLedgerInvariants(await getDb());
      await cleanup();
    });

    test("summary, products and history agree with each other and with the ledger", async () => {
      const db = await getDb();
      const ledgerSpend = -(await usageLedgerMinor(db, accountId));
      assert.equal(ledgerSpend, 26);

      const summary = (await get(summaryRoute.GET, "/api/agents/v1/usage/summary")).json.data;
      assert.equal(summary.total_calls, 4);
      assert.equal(summary.successful_calls, 4);
      assert.equal(summary.failed_calls, 0);
      assert.equal(summary.images_generated, 8);
      assert.equal(cents(summary.credits_used), ledgerSpend);
      assert.equal(cents(summary.credits_remaining), await balanceMinor(db, accountId));
      assert.equal(summary.credits_remaining, 0.14);
      assert.deepEqual(summary.wallet, { balance: 0.14, currency: "USD" });
      assert.equal(summary.plan, null);

      const products = (await get(productsRoute.GET, "/api/agents/v1/usage/products")).json.data;
      assert.equal(products.length, 1);
      const [images] = products;
      assert.equal(images.product, "image_generation");
      assert.equal(images.requests, 4);
      assert.equal(cents(images.cost), ledgerSpend);
      assert.equal(
        images.models.reduce((sum: number, m: { cost: number }) => sum + cents(m.cost), 0),
        ledgerSpend,
      );
      assert.deepEqual(
        images.models.map((m: { model_id: string; requests: number }) => [m.model_id, m.requests]),
        [
          ["flux", 2],
          ["imagen-4", 1],
          ["sdxl", 1],
        ],
      );

      const history = (await get(historyRoute.GET, "/api/agents/v1/usage/history")).json.data;
      assert.equal(history.length, 4);
      assert.equal(
        history.reduce((sum: number, h: { cost: number }) => sum + cents(h.cost), 0),
        ledgerSpend,
      );
      assert.deepEqual(
        history.map((h: { model_id: string }) => h.model_id),
        ["flux", "imagen-4", "sdxl", "flux"],
        "newest first",
      );
      const [latest] = history;
      assert.deepEqual(
        {
          type: latest.type,
          status: latest.status,
          cost: latest.cost,
          funded_by: latest.funded_by,
          images: latest.images,
        },
        { type: "text2img", status: "success", cost: 0.16, funded_by: "wallet", images: 4 },
      );
      assert.equal(typeof latest.id, "number");
      assert.ok(!Number.isNaN(Date.parse(latest.created_at)));
      assert.equal(history[1].type, "text-to-image");
    });

    test("history: from/to are UTC days, limit is 1–200; anything else is 422", async () => {
      const path = (q: string) => `/api/agents/v1/usage/history?${q}`;
      assert.equal((await get(historyRoute.GET, path("limit=2"))).json.data.length, 2);
      assert.equal((await get(historyRoute.GET, path(`from=${day(0)}&to=${day(0)}`))).json.data.length, 4);
      assert.equal((await get(historyRoute.GET, path(`from=${day(1)}`))).json.data.length, 0);
      assert.equal((await get(historyRoute.GET, path(`to=${day(-1)}`))).json.data.length, 0);
      assert.equal(
        (await get(historyRoute.GET, path(`from=${new Date(Date.now() - 3_600_000).toISOString()}`))).json
          .data.length,
        4,
      );
      for (const bad of [
        "limit=0",
        "limit=201",
        "limit=abc",
        "from=2026-02-30",
        "from=yesterday",
        `from=${day(1)}&to=${day(0)}`,
      ]) {
        const r = await get(historyRoute.GET, path(bad));
        assert.equal(r.status, 422, bad);
        assert.equal(r.json.error.code, "validation_error", bad);
      }
      const range = await get(summaryRoute.GET, `/api/agents/v1/usage/summary?to=${day(-1)}`);
      assert.equal(range.json.data.total_calls, 0);
      assert.equal(range.json.data.credits_used, 0);
    });

    test("usage is per account and needs usage:read", async () => {
      const other = await onboardAgent();
      const theirs = await get(summaryRoute.GET, "/api/agents/v1/usage/summary", other.auth);
      assert.equal(theirs.json.data.total_calls, 0);
      assert.deepEqual(
        (await get(historyRoute.GET, "/api/agents/v1/usage/history", other.auth)).json.data,
        [],
      );

      const login = await call(loginRoute.POST, "/api/agents/v1/auth/login", {
        method: "POST",
        body: { email: agent.email, password: "secret123", scopes: ["wallet:read"] },
      });
      assert.equal(login.status, 200, JSON.stringify(login.json));
      const narrow = { authorization: `Bearer ${login.json.data.access_token}` };
      const refused = await get(summaryRoute.GET, "/api/agents/v1/usage/summary", narrow);
      assert.equal(refused.status, 403);
      assert.equal(refused.json.error.code, "insufficient_scope");
      assert.equal((await get(historyRoute.GET, "/api/agents/v1/usage/history", {})).status, 401);
    });

    test("daily usage feeds the dashboard chart, which renders as a server-side SVG", async () => {
      const daily = (await get(dailyRoute.GET, "/api/agents/v1/usage/daily?days=7")).json.data;
      assert.equal(daily.length, 7);
      assert.equal(daily.at(-1).date, day(0));
      assert.equal(daily.at(-1).requests, 4);
      assert.equal(daily.at(-1).cost, 0.26);
      assert.equal(
        daily.slice(0, -1).every((d: { requests: number }) => d.requests === 0),
        true,
      );
      assert.equal((await get(dailyRoute.GET, "/api/agents/v1/usage/daily?days=0")).status, 422);

      // The chart draws the domain's days (cents), as the dashboard does.
      const days = await dailyUsage(await getDb(), { accountId, days: 7 });
      const html = renderToStaticMarkup(UsageChart({ days, title: "Spend" }));
      assert.match(html, /^<figure data-testid="usage-chart"/);
      assert.equal((html.match(/<rect /g) ?? []).length, 7);
      assert.match(html, /\$0\.26 in 7 days/);
      assert.match(html, new RegExp(`<title>${day(0)}: \\$0\\.26, 4 calls</title>`));
      const empty = renderToStaticMarkup(UsageChart({ days: [], metric: "requests" }));
      assert.match(empty, /0 in 0 days/);
    });
  });
}
