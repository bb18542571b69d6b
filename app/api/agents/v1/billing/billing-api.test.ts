import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import * as infoRoute from "@/app/api/agents/v1/billing/info/route";
import * as overviewRoute from "@/app/api/agents/v1/billing/overview/route";
import * as pmDefaultRoute from "@/app/api/agents/v1/billing/payment-methods/[id]/default/route";
import * as pmIdRoute from "@/app/api/agents/v1/billing/payment-methods/[id]/route";
import * as pmRoute from "@/app/api/agents/v1/billing/payment-methods/route";
import * as setupRoute from "@/app/api/agents/v1/billing/setup-intent/route";
import * as autoFundingRoute from "@/app/api/agents/v1/wallet/auto-funding/route";
import * as balanceRoute from "@/app/api/agents/v1/wallet/balance/route";
import * as redeemRoute from "@/app/api/agents/v1/wallet/coupons/redeem/route";
import * as validateRoute from "@/app/api/agents/v1/wallet/coupons/validate/route";
import * as withdrawRoute from "@/app/api/agents/v1/wallet/withdraw/route";
import { getDb } from "@/lib/db/client";
import { outboxEmails } from "@/lib/db/schema";
import { accounts, users } from "@/lib/db/schema/accounts";
import { resetEnvCache } from "@/lib/env";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { afterDebit } from "@/lib/wallet/after-debit";
import { post } from "@/lib/wallet/ledger";
import { onboardAgent, type TestAgent } from "@/tests/helpers/agent";
import { useFreshDatabase } from "@/tests/helpers/database";
import { call } from "@/tests/helpers/http";
import { assertLedgerInvariants } from "@/tests/helpers/ledger";
import { type TestStripe, useEmulator } from "@/tests/helpers/stripe";

process.env.RATE_LIMIT_BILLING_PER_MINUTE = "100000";
process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "100000";

describe("billing API", () => {
  let cleanup: () => Promise<void>;
  let stripe: TestStripe;
  let agent: TestAgent;
  let other: TestAgent;

  const accountOf = async (a: TestAgent) => {
    const [u] = await (await getDb()).select().from(users).where(eq(users.id, a.userId));
    return u!.personalAccountId;
  };
  const balanceOf = async (a: TestAgent) =>
    (await call(balanceRoute.GET, "/api/agents/v1/wallet/balance", { headers: a.auth })).json.data.balance;

  before(async () => {
    resetEnvCache();
    resetRateLimiters();
    cleanup = await useFreshDatabase("pglite");
    stripe = await useEmulator({ deliverWebhooks: true });
    agent = await onboardAgent();
    other = await onboardAgent();
  });
  after(async () => {
    await stripe.emulator.webhooksIdle();
    await assertLedgerInvariants(await getDb());
    await stripe.close();
    await cleanup();
  });

  test("payment methods: attach (first is default), list, set default, delete; 0002 declines at attach", async () => {
    const add = (pm: string, extra: Record<string, unknown> = {}) =>
      call(pmRoute.POST, "/api/agents/v1/billing/payment-methods", {
        method: "POST",
        body: { payment_method_id: pm, ...extra },
        headers: agent.auth,
      });
    const first = await add(await stripe.tokenize("4242424242424242"), { make_default: false });
    assert.equal(first.status, 201);
    assert.equal(first.json.data.brand, "visa");
    assert.equal(first.json.data.last4, "4242");
    assert.equal(first.json.data.is_default, true, "the first card becomes the default");
    const second = await add(await stripe.tokenize("5555555555554444"), { set_default: false });
    assert.equal(second.json.data.is_default, false);

    const declined = await add(await stripe.tokenize("4000000000000002"));
    assert.equal(declined.status, 402);
    assert.equal(declined.json.error.code, "payment_declined");

    const list = await call(pmRoute.GET, "/api/agents/v1/billing/payment-methods", { headers: agent.auth });
    assert.deepEqual(
      list.json.data.map((c: any) => [c.last4, c.is_default]),
      [
        ["4242", true],
        ["4444", false],
      ],
    );
    const id = second.json.data.id;
    const madeDefault = await call(
      pmDefaultRoute.PUT,
      `/api/agents/v1/billing/payment-methods/${id}/default`,
      {
        method: "PUT",
        headers: agent.auth,
        params: { id },
      },
    );
    assert.equal(madeDefault.json.data.is_default, true);

    // Another account can neither change nor remove it.
    for (const [route, method] of [
      [pmDefaultRoute.PUT, "PUT"],
      [pmIdRoute.DELETE, "DELETE"],
    ] as const) {
      const res = await call(route, `/api/agents/v1/billing/payment-methods/${id}`, {
        method,
        headers: other.auth,
        params: { id },
      });
      assert.equal(res.status, 404);
    }
    const removed = await call(pmIdRoute.DELETE, `/api/agents/v1/billing/payment-methods/${id}`, {
      method: "DELETE",
      headers: agent.auth,
      params: { id },
    });
    assert.equal(removed.status, 200);
    const after = await call(pmRoute.GET, "/api/agents/v1/billing/payment-methods", { headers: agent.auth });
    assert.deepEqual(
      after.json.data.map((c: any) => [c.last4, c.is_default]),
      [["4242", true]],
      "removing the default promotes the remaining card",
    );
    const bad = await add("not-a-pm");
    assert.equal(bad.status, 422);
  });

  test("setup intent → client secret; confirming it with a card saves the card (setup_intent.succeeded)", async () => {
    const res = await call(setupRoute.POST, "/api/agents/v1/billing/setup-intent", {
      method: "POST",
      headers: other.auth,
    });
    assert.equal(res.status, 201);
    assert.match(res.json.data.setup_intent_id, /^seti_/);
    assert.match(res.json.data.client_secret, /^seti_.+_secret_/);
  });

  test("billing info lives on the Stripe customer; tax_id needs tax_id_type", async () => {
    const put = await call(infoRoute.PUT, "/api/agents/v1/billing/info", {
      method: "PUT",
      headers: agent.auth,
      body: {
        name: "Agent Co",
        address: "1 Main St",
        city: "Berlin",
        country: "de",
        address_postal_code: "10115",
      },
    });
    assert.equal(put.status, 200, JSON.stringify(put.json));
    assert.equal(put.json.data.name, "Agent Co");
    assert.equal(put.json.data.address_country, "DE");
    const get = await call(infoRoute.GET, "/api/agents/v1/billing/info", { headers: agent.auth });
    assert.equal(get.json.data.address_line1, "1 Main St");
    const missingType = await call(infoRoute.PUT, "/api/agents/v1/billing/info", {
      method: "PUT",
      headers: agent.auth,
      body: { tax_id: "DE123456789" },
    });
    assert.equal(missingType.status, 422);
    assert.ok(missingType.json.error.details.tax_id_type);
    const withTax = await call(infoRoute.PUT, "/api/agents/v1/billing/info", {
      method: "PUT",
      headers: agent.auth,
      body: { tax_id: "DE123456789", tax_id_type: "eu_vat" },
    });
    assert.equal(withTax.json.data.tax_id, "DE123456789");
    assert.equal(withTax.json.data.tax_id_type, "eu_vat");
    assert.equal(withTax.json.data.name, "Agent Co", "a partial update keeps the other fields");
    const theirs = await call(infoRoute.GET, "/api/agents/v1/billing/info", { headers: other.auth });
    assert.notEqual(theirs.json.data.name, "Agent Co");
  });

  test("coupons: validate, redeem once, unknown code", async () => {
    const v = await call(validateRoute.GET, "/api/agents/v1/wallet/coupons/validate?coupon_code=welcome5", {
      headers: agent.auth,
    });
    assert.equal(v.status, 200);
    assert.equal(v.json.data.valid, true);
    assert.equal(v.json.data.credit_amount, 5);
    const start = await balanceOf(agent);
    const redeem = await call(redeemRoute.POST, "/api/agents/v1/wallet/coupons/redeem", {
      method: "POST",
      headers: agent.auth,
      body: { code: "WELCOME5" },
    });
    assert.equal(redeem.status, 200, JSON.stringify(redeem.json));
    assert.equal(await balanceOf(agent), start + 5);
    const again = await call(redeemRoute.POST, "/api/agents/v1/wallet/coupons/redeem", {
      method: "POST",
      headers: agent.auth,
      body: { coupon_code: "WELCOME5" },
    });
    assert.equal(again.status, 422);
    assert.equal(await balanceOf(agent), start + 5);
    const unknown = await call(validateRoute.GET, "/api/agents/v1/wallet/coupons/validate?coupon_code=NOPE", {
      headers: agent.auth,
    });
    assert.equal(unknown.json.data.valid, false);
    const bonus = await call(
      validateRoute.GET,
      "/api/agents/v1/wallet/coupons/validate?coupon_code=BONUS20&purchase_amount=50",
      { headers: agent.auth },
    );
    assert.equal(bonus.json.data.credit_amount, 10);
  });

  test("bonus coupon: the purchase and the bonus land together", async () => {
    const start = await balanceOf(other);
    const res = await call(redeemRoute.POST, "/api/agents/v1/wallet/coupons/redeem", {
      method: "POST",
      headers: other.auth,
      body: {
        coupon_code: "BONUS20",
        purchase_amount: 50,
        payment_method_id: await stripe.tokenize("4242424242424242"),
      },
    });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.equal(await balanceOf(other), start + 60);
  });

  test("withdraw: 403 reseller_only unless the account is a reseller", async () => {
    const denied = await call(withdrawRoute.POST, "/api/agents/v1/wallet/withdraw", {
      method: "POST",
      headers: agent.auth,
      body: { amount: 1 },
    });
    assert.equal(denied.status, 403);
    assert.equal(denied.json.error.code, "reseller_only");
    await (await getDb())
      .update(accounts)
      .set({ isReseller: true })
      .where(eq(accounts.id, await accountOf(agent)));
    const start = await balanceOf(agent);
    const ok = await call(withdrawRoute.POST, "/api/agents/v1/wallet/withdraw", {
      method: "POST",
      headers: agent.auth,
      body: { amount: 2 },
    });
    assert.equal(ok.status, 200);
    assert.equal(await balanceOf(agent), start - 2);
    const tooMuch = await call(withdrawRoute.POST, "/api/agents/v1/wallet/withdraw", {
      method: "POST",
      headers: agent.auth,
      body: { amount: 100_000 },
    });
    assert.equal(tooMuch.status, 402);
    assert.equal(tooMuch.json.error.code, "insufficient_balance");
  });

  test("auto-funding: needs a card; below the threshold a debit triggers exactly one top-up; alerts mail the owner", async () => {
    const noCard = await onboardAgent();
    const refused = await call(autoFundingRoute.PUT, "/api/agents/v1/wallet/auto-funding", {
      method: "PUT",
      headers: noCard.auth,
      body: { auto_charge_amount: 20, charge_threshold: 10 },
    });
    assert.equal(refused.status, 409);

    const set = await call(autoFundingRoute.PUT, "/api/agents/v1/wallet/auto-funding", {
      method: "PUT",
      headers: agent.auth,
      body: { amount: 20, threshold: 10 },
    });
    assert.equal(set.status, 200, JSON.stringify(set.json));
    assert.deepEqual(set.json.data.auto_funding, {
      enabled: true,
      auto_charge_amount: 20,
      charge_threshold: 10,
      currency: "USD",
    });
    const invalid = await call(autoFundingRoute.PUT, "/api/agents/v1/wallet/auto-funding", {
      method: "PUT",
      headers: agent.auth,
      body: { auto_charge_amount: 4, charge_threshold: 10 },
    });
    assert.equal(invalid.status, 422);

    const db = await getDb();
    const accountId = await accountOf(agent);
    await db
      .update(users)
      .set({ walletNotificationEnabled: true, walletNotificationThresholdMinor: 100_000 })
      .where(eq(users.id, agent.userId));
    const start = await balanceOf(agent);
    await post(db, {
      accountId,
      amountMinor: -Math.round(start * 100),
      kind: "usage",
      source: "generation",
      externalId: "gen_test_1",
      description: "usage",
      actor: { userId: agent.userId, kind: "agent" },
    });
    await Promise.all([afterDebit(db, accountId), afterDebit(db, accountId), afterDebit(db, accountId)]);
    assert.equal(await balanceOf(agent), 20, "one top-up of $20, not three");
    const mails = await db.select().from(outboxEmails).where(eq(outboxEmails.toAddress, agent.email));
    assert.equal(mails.filter((m) => m.template === "low-balance").length, 1);

    const off = await call(autoFundingRoute.DELETE, "/api/agents/v1/wallet/auto-funding", {
      method: "DELETE",
      headers: agent.auth,
    });
    assert.equal(off.json.data.auto_funding.enabled, false);
  });

  test("auto-funding with a card that needs 3-D Secure fails off-session and mails the owner", async () => {
    const person = await onboardAgent();
    await call(pmRoute.POST, "/api/agents/v1/billing/payment-methods", {
      method: "POST",
      body: { payment_method_id: await stripe.tokenize("4000002760003184") },
      headers: person.auth,
    });
    const set = await call(autoFundingRoute.PUT, "/api/agents/v1/wallet/auto-funding", {
      method: "PUT",
      headers: person.auth,
      body: { auto_charge_amount: 20, charge_threshold: 10 },
    });
    assert.equal(set.status, 200);
    const db = await getDb();
    const accountId = await accountOf(person);
    const actor = { userId: person.userId, kind: "agent" as const };
    await post(db, {
      accountId,
      amountMinor: 500,
      kind: "adjustment",
      source: "system",
      externalId: `grant_${person.userId}`,
      description: "grant",
      actor,
    });
    await post(db, {
      accountId,
      amountMinor: -500,
      kind: "usage",
      source: "generation",
      externalId: `gen_${person.userId}`,
      description: "usage",
      actor,
    });
    await afterDebit(db, accountId);
    assert.equal(await balanceOf(person), 0, "nothing was charged");
    const mails = await db.select().from(outboxEmails).where(eq(outboxEmails.toAddress, person.email));
    assert.equal(mails.filter((m) => m.template === "auto-funding-failed").length, 1);
  });

  test("overview summarises the wallet and cards of the caller only", async () => {
    const res = await call(overviewRoute.GET, "/api/agents/v1/billing/overview", { headers: agent.auth });
    assert.equal(res.status, 200);
    assert.equal(res.json.data.wallet_balance, await balanceOf(agent));
    assert.equal(res.json.data.payment_methods.length, 1);
    const theirs = await call(overviewRoute.GET, "/api/agents/v1/billing/overview", { headers: other.auth });
    assert.ok(theirs.json.data.payment_methods.every((c: any) => c.last4 === "4242"));
  });
});
