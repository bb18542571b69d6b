/**
 * Issue 14's hot request paths, pinned by the SQL statements each makes (tests/helpers/
 * statement-count.ts), so that a lost cache or an extra read fails here instead of only showing in
 * `npm run bench`. Each request is made once to warm the token and key caches, then counted.
 */
import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as balanceRoute from "@/app/api/agents/v1/wallet/balance/route";
import * as fundRoute from "@/app/api/agents/v1/wallet/fund/route";
import { cachedApiKey } from "@/lib/auth/api-key-cache";
import { cachedToken, forgetAllTokens } from "@/lib/auth/token-cache";
import { getDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { settleFollowUps } from "@/lib/generation/follow-ups";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { sha256Hex } from "@/lib/secrets/bearer-secrets";
import { onboardAgent, type TestAgent } from "@/tests/helpers/agent";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { accountIdOf, credit, text2img } from "@/tests/helpers/generation";
import { call } from "@/tests/helpers/http";
import { assertLedgerInvariants } from "@/tests/helpers/ledger";
import { countStatements, listed } from "@/tests/helpers/statement-count";
import { type TestStripe, useEmulator } from "@/tests/helpers/stripe";

process.env.RATE_LIMIT_BILLING_PER_MINUTE = "100000";
process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "100000";

for (const kind of availableDatabases()) {
  describe(`hot paths on ${kind}: SQL statements per request`, () => {
    let cleanup: () => Promise<void>;
    let stripe: TestStripe;
    let agent: TestAgent;

    before(async () => {
      resetEnvCache();
      resetRateLimiters();
      cleanup = await useFreshDatabase(kind);
      // No webhook deliveries: they would write to the database while a request is being counted.
      stripe = await useEmulator();
      agent = await onboardAgent();
    });
    after(async () => {
      await settleFollowUps();
      await assertLedgerInvariants(await getDb());
      await stripe.close();
      await cleanup();
    });

    const balance = () => call(balanceRoute.GET, "/api/agents/v1/wallet/balance", { headers: agent.auth });

    /**
     * Resolves the token afresh until the cache holds it, so the counted request, made right after,
     * finds it well within its 2 s life however slow the machine.
     */
    async function freshToken(): Promise<void> {
      forgetAllTokens();
      const id = Number(agent.token.split("|")[0]);
      for (let i = 0; i < 20 && !cachedToken(id, Date.now()); i++) {
        assert.equal((await balance()).status, 200);
      }
      assert.ok(cachedToken(id, Date.now()), "the token is remembered");
    }

    test("GET /wallet/balance with a warm token: one statement (the wallet), no transaction", async () => {
      await freshToken();
      const counted = await countStatements(balance);
      assert.equal(counted.result.status, 200);
      assert.equal(counted.statements.length, 1, listed(counted));
      assert.match(counted.statements[0] ?? "", /from "wallet"/);
      assert.equal(counted.transactions, 0);
    });

    test("POST /api/v6/images/text2img paid from the wallet: 6 statements and 2 after it, one transaction", async () => {
      const db = await getDb();
      const accountId = await accountIdOf(db, agent.userId);
      await credit(db, accountId, 10_000);
      const generate = () =>
        text2img({ key: agent.apiKey, prompt: "a lighthouse at dusk", width: 64, height: 64 });
      // Nothing is remembered for 2 s after a forget (the test above forgot every token).
      const digest = sha256Hex(agent.apiKey);
      for (const started = Date.now(); !cachedApiKey(digest, Date.now()) && Date.now() - started < 10_000; ) {
        assert.equal((await generate()).json.status, "success");
        await settleFollowUps();
        if (!cachedApiKey(digest, Date.now())) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      assert.ok(cachedApiKey(digest, Date.now()), "the key is remembered");

      // The after-debit follow-up (auto-funding, low-balance alert) starts before the answer and
      // runs beside it, so the two are counted together.
      const counted = await countStatements(async () => {
        const answer = await generate();
        await settleFollowUps();
        return answer;
      });
      assert.equal(counted.result.json.status, "success", JSON.stringify(counted.result.json));
      // The request (6): the wallet and plan read; in the transaction the generation row, the
      // ledger entry under the wallet's lock, the balance; then the image and the generation's
      // outcome. The follow-up (2): the wallet and the account's owner (no top-up, no alert).
      assert.equal(counted.statements.length, 8, listed(counted));
      assert.equal(counted.transactions, 1);
    });

    test("POST /wallet/fund with a saved card: 5 statements, one transaction", async () => {
      const paymentMethod = await stripe.tokenize("4242424242424242");
      const fund = () =>
        call(fundRoute.POST, "/api/agents/v1/wallet/fund", {
          method: "POST",
          body: { amount: 10, payment_method_id: paymentMethod },
          headers: agent.auth,
        });
      // The first charge makes the Stripe customer.
      assert.equal((await fund()).status, 200);
      const before = (await balance()).json.data.balance;
      await freshToken();
      const counted = await countStatements(fund);
      assert.equal(counted.result.status, 200, JSON.stringify(counted.result.json));
      // The account (its Stripe customer), the payment row; in the transaction the ledger entry
      // under the wallet's lock, the balance and the audit entry.
      assert.equal(counted.statements.length, 5, listed(counted));
      assert.equal(counted.transactions, 1);
      assert.equal((await balance()).json.data.balance, before + 10);
    });
  });
}
