import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as configRoute from "@/app/api/agents/v1/billing/stripe-config/route";
import * as statusRoute from "@/app/api/agents/v1/payments/[id]/status/route";
import * as balanceRoute from "@/app/api/agents/v1/wallet/balance/route";
import * as fundRoute from "@/app/api/agents/v1/wallet/fund/route";
import * as transactionsRoute from "@/app/api/agents/v1/wallet/transactions/route";
import { getDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { onboardAgent, type TestAgent } from "@/tests/helpers/agent";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { call } from "@/tests/helpers/http";
import { assertLedgerInvariants } from "@/tests/helpers/ledger";
import { type TestStripe, useEmulator } from "@/tests/helpers/stripe";

// These suites fire hundreds of billing calls per agent; the limiter has its own tests.
process.env.RATE_LIMIT_BILLING_PER_MINUTE = "100000";
process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "100000";

const fund = (agent: TestAgent, body: unknown, key?: string) =>
  call(fundRoute.POST, "/api/agents/v1/wallet/fund", {
    method: "POST",
    body,
    headers: { ...agent.auth, ...(key ? { "idempotency-key": key } : {}) },
  });

const balanceOf = async (agent: TestAgent) =>
  (await call(balanceRoute.GET, "/api/agents/v1/wallet/balance", { headers: agent.auth })).json.data.balance;

for (const kind of availableDatabases()) {
  describe(`wallet API on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    let stripe: TestStripe;
    let agent: TestAgent;
    const piCount = async () => (await stripe.helper("/_emulator/stats")).objects.payment_intent as number;

    before(async () => {
      resetEnvCache();
      resetRateLimiters();
      cleanup = await useFreshDatabase(kind);
      stripe = await useEmulator({ deliverWebhooks: true });
      agent = await onboardAgent();
    });
    after(async () => {
      await stripe.emulator.webhooksIdle();
      await assertLedgerInvariants(await getDb());
      await stripe.close();
      await cleanup();
    });

    test("the seed's steps 3–4A: stripe-config, tokenize at api_base with the publishable key, fund 25", async () => {
      const config = await call(configRoute.GET, "/api/agents/v1/billing/stripe-config", {
        headers: agent.auth,
      });
      assert.equal(config.status, 200);
      const { publishable_key, api_base, instructions } = config.json.data;
      assert.match(publishable_key, /^pk_test_/);
      assert.equal(api_base, stripe.url);
      assert.match(instructions, /payment_methods/);
      // Step 3 exactly as the seed's curl: --user '<publishable_key>:' with form fields.
      const tokenized = await fetch(`${api_base}/v1/payment_methods`, {
        method: "POST",
        headers: { authorization: `Basic ${Buffer.from(`${publishable_key}:`).toString("base64")}` },
        body: new URLSearchParams({
          type: "card",
          "card[number]": "4242424242424242",
          "card[exp_month]": "12",
          "card[exp_year]": "2027",
          "card[cvc]": "123",
        }),
      });
      const pm = (await tokenized.json()) as { id: string };
      assert.match(pm.id, /^pm_/);

      const key = `fund-25-20260220-${kind}`;
      const before = await piCount();
      const first = await fund(agent, { amount: 25, payment_method_id: pm.id }, key);
      assert.equal(first.status, 200);
      assert.equal(first.json.data.balance, 25);
      assert.equal(first.json.data.payment.status, "succeeded");
      assert.equal(first.json.error, null);

      // IDEM-01: the same request again is a replay, marked as one, and nothing moves.
      const again = await fund(agent, { payment_method_id: pm.id, amount: 25 }, key);
      assert.equal(again.status, 200);
      assert.equal(again.json.idempotency_replay, true);
      assert.equal(again.headers.get("idempotent-replayed"), "true");
      assert.deepEqual(again.json.data, first.json.data);
      assert.equal(await balanceOf(agent), 25);
      assert.equal((await piCount()) - before, 1);
    });

    test("the seed's 402 body for …0002 and 202 body for …3155", async () => {
      const declined = await fund(agent, {
        amount: 25,
        payment_method_id: await stripe.tokenize("4000000000000002"),
      });
      assert.equal(declined.status, 402);
      assert.equal(declined.json.data, null);
      assert.equal(declined.json.error.code, "payment_declined");
      assert.equal(declined.json.error.message, "Your card was declined.");
      assert.equal(declined.json.error.details.decline_code, "generic_decline");
      assert.match(declined.json.error.details.payment_intent_id, /^pi_/);

      const threeDs = await fund(agent, {
        amount: 25,
        payment_method_id: await stripe.tokenize("4000002500003155"),
      });
      assert.equal(threeDs.status, 202);
      const payment = threeDs.json.data.payment;
      assert.equal(payment.status, "requires_action");
      assert.match(payment.payment_intent_id, /^pi_/);
      assert.match(payment.client_secret, /^pi_.+_secret_/);
      assert.ok(payment.next_action_url.endsWith(`/pay/authenticate/${payment.payment_intent_id}`));
      assert.match(threeDs.json.data.message, /authentication/i);

      const status = await call(
        statusRoute.GET,
        `/api/agents/v1/payments/${payment.payment_intent_id}/status`,
        {
          headers: agent.auth,
          params: { id: payment.payment_intent_id },
        },
      );
      assert.equal(status.json.data.status, "pending");
      assert.equal(status.json.data.stripe_status, "requires_action");
    });

    test("IDEM-02: 100 parallel identical funds with one key → 1 PaymentIntent, 1 credit, no 5xx", async () => {
      const pm = await stripe.tokenize("4242424242424242");
      const start = await balanceOf(agent);
      const before = await piCount();
      const key = `burst-${kind}`;
      const responses = await Promise.all(
        Array.from({ length: 100 }, () => fund(agent, { amount: 10, payment_method_id: pm }, key)),
      );
      for (const r of responses) {
        assert.ok(r.status === 200 || r.status === 409, `status ${r.status}`);
        if (r.status === 409) {
          assert.equal(r.json.error.code, "idempotency_key_in_use");
          assert.ok(Number(r.headers.get("retry-after")) >= 1);
        }
      }
      assert.equal(responses.filter((r) => r.status === 200 && !r.json.idempotency_replay).length, 1);
      assert.equal((await piCount()) - before, 1);
      assert.equal(await balanceOf(agent), start + 10);
      const afterwards = await fund(agent, { amount: 10, payment_method_id: pm }, key);
      assert.equal(afterwards.json.idempotency_replay, true);
    });

    test("IDEM-03: the same key with another amount or on another route → 422 idempotency_key_reused", async () => {
      const pm = await stripe.tokenize("4242424242424242");
      const key = `reuse-${kind}`;
      const first = await fund(agent, { amount: 10, payment_method_id: pm }, key);
      assert.equal(first.status, 200);
      const before = await piCount();
      const other = await fund(agent, { amount: 20, payment_method_id: pm }, key);
      assert.equal(other.status, 422);
      assert.equal(other.json.error.code, "idempotency_key_reused");
      assert.equal(await piCount(), before);
      const { POST: addCard } = await import("@/app/api/agents/v1/billing/payment-methods/route");
      const elsewhere = await call(addCard, "/api/agents/v1/billing/payment-methods", {
        method: "POST",
        body: { amount: 10, payment_method_id: pm },
        headers: { ...agent.auth, "idempotency-key": key },
      });
      assert.equal(elsewhere.status, 422);
      assert.equal(elsewhere.json.error.code, "idempotency_key_reused");
    });

    test("IDEM-08 and MONEY-03: invalid amounts → 422 with no Stripe call; the corrected body then runs", async () => {
      const pm = await stripe.tokenize("4242424242424242");
      const before = await piCount();
      const key = `validation-${kind}`;
      for (const amount of [0, -1, 10.555, "100", 2 ** 53, 9.99, 10_000.01, null]) {
        const res = await fund(agent, { amount, payment_method_id: pm }, key);
        assert.equal(res.status, 422, `amount ${String(amount)}`);
        assert.equal(res.json.error.code, "validation_error");
        assert.ok(res.json.error.details.amount, `details name the field for ${String(amount)}`);
      }
      assert.equal(await piCount(), before);
      const fixed = await fund(agent, { amount: 10.5, payment_method_id: pm }, key);
      assert.equal(fixed.status, 200);
      assert.equal(fixed.json.data.amount, 10.5);
    });

    test("IDEM-10: a stored 402 replays without a second confirm; a new key tries again", async () => {
      const pm = await stripe.tokenize("4000000000009995");
      const key = `decline-${kind}`;
      const first = await fund(agent, { amount: 25, payment_method_id: pm }, key);
      assert.equal(first.status, 402);
      assert.equal(first.json.error.details.decline_code, "insufficient_funds");
      const before = await piCount();
      const replay = await fund(agent, { amount: 25, payment_method_id: pm }, key);
      assert.equal(replay.status, 402);
      assert.equal(replay.json.idempotency_replay, true);
      assert.deepEqual(replay.json.error, first.json.error);
      assert.equal(await piCount(), before);
      const fresh = await fund(agent, { amount: 25, payment_method_id: pm }, `${key}-2`);
      assert.equal(fresh.status, 402);
      assert.equal((await piCount()) - before, 1);
    });

    test("IDEM-11: Stripe's reply is lost after it created the PaymentIntent → 503; the retry gets that same PaymentIntent", async () => {
      const pm = await stripe.tokenize("4242424242424242");
      const start = await balanceOf(agent);
      const before = await piCount();
      // Three lost replies exhaust the SDK's own two retries.
      await stripe.helper("/_emulator/faults", {
        path: "/v1/payment_intents",
        method: "POST",
        action: "timeout",
        execute: true,
        ms: 20,
        count: 3,
      });
      const key = `lost-reply-${kind}`;
      const failed = await fund(agent, { amount: 12, payment_method_id: pm }, key);
      assert.equal(failed.status, 503);
      assert.equal(failed.json.error.code, "payment_provider_error");
      const retried = await fund(agent, { amount: 12, payment_method_id: pm }, key);
      assert.equal(retried.status, 200, JSON.stringify(retried.json));
      assert.equal((await piCount()) - before, 1);
      await stripe.emulator.webhooksIdle();
      assert.equal(await balanceOf(agent), start + 12);
    });

    test("transactions: newest first, type filter, limits, cursor paging, only the caller's", async () => {
      const other = await onboardAgent();
      const list = await call(transactionsRoute.GET, "/api/agents/v1/wallet/transactions?limit=2", {
        headers: agent.auth,
      });
      assert.equal(list.status, 200);
      const { items, total, next_cursor, wallet } = list.json.data;
      assert.equal(items.length, 2);
      assert.ok(total >= 4);
      assert.equal(wallet.balance, await balanceOf(agent));
      assert.ok(items[0].created_at >= items[1].created_at);
      assert.equal(items[0].source, "stripe");
      assert.equal(items[0].status, "success");
      assert.equal(items[0].usecase, "wallet_funding");
      const next = await call(
        transactionsRoute.GET,
        `/api/agents/v1/wallet/transactions?limit=2&cursor=${next_cursor}`,
        { headers: agent.auth },
      );
      assert.equal(next.json.data.items.length, 2);
      assert.notEqual(next.json.data.items[0].id, items[0].id);
      const debits = await call(transactionsRoute.GET, "/api/agents/v1/wallet/transactions?type=debit", {
        headers: agent.auth,
      });
      assert.equal(debits.json.data.items.length, 0);
      for (const q of ["limit=201", "limit=0", "type=refund", "offset=-1", "cursor=nope"]) {
        const bad = await call(transactionsRoute.GET, `/api/agents/v1/wallet/transactions?${q}`, {
          headers: agent.auth,
        });
        assert.equal(bad.status, 422, q);
      }
      const theirs = await call(transactionsRoute.GET, "/api/agents/v1/wallet/transactions", {
        headers: other.auth,
      });
      assert.equal(theirs.json.data.total, 0);
    });

    test("authorization: no token → 401; another account's payment → 404; card data → 400", async () => {
      const none = await call(fundRoute.POST, "/api/agents/v1/wallet/fund", {
        method: "POST",
        body: { amount: 25 },
      });
      assert.equal(none.status, 401);
      const mine = await fund(agent, {
        amount: 10,
        payment_method_id: await stripe.tokenize("4242424242424242"),
      });
      const id = mine.json.data.payment.payment_intent_id;
      const other = await onboardAgent();
      const peek = await call(statusRoute.GET, `/api/agents/v1/payments/${id}/status`, {
        headers: other.auth,
        params: { id },
      });
      assert.equal(peek.status, 404);
      const own = await call(statusRoute.GET, `/api/agents/v1/payments/${id}/status?wait=1`, {
        headers: agent.auth,
        params: { id },
      });
      assert.equal(own.json.data.status, "succeeded");
      const card = await fund(agent, { amount: 25, card_number: "4242424242424242" });
      assert.equal(card.status, 400);
      assert.equal(card.json.error.code, "raw_card_data_rejected");
      const wait = await call(statusRoute.GET, `/api/agents/v1/payments/${id}/status?wait=61`, {
        headers: agent.auth,
        params: { id },
      });
      assert.equal(wait.status, 422);
    });
  });
}
