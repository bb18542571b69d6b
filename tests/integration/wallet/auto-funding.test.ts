import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import { eq } from "drizzle-orm";
import * as pmRoute from "@/app/api/agents/v1/billing/payment-methods/route";
import * as autoFundingRoute from "@/app/api/agents/v1/wallet/auto-funding/route";
import { getDb } from "@/lib/db/client";
import { accounts } from "@/lib/db/schema/accounts";
import { stripe } from "@/lib/stripe/client";
import { availableDatabases } from "@/tests/helpers/database";
import { call } from "@/tests/helpers/http";
import { moneySuite } from "@/tests/helpers/money-suite";
import { balanceOf, mailsTo, newOwner, type Owner, spend } from "@/tests/helpers/wallet";
import { afterDebit } from "../../../lib/wallet/after-debit";
import { post } from "../../../lib/wallet/ledger";

process.env.RATE_LIMIT_BILLING_PER_MINUTE = "100000";
process.env.RATE_LIMIT_GENERAL_PER_MINUTE = "100000";

for (const kind of availableDatabases()) {
  describe(`auto-funding failures on ${kind}`, () => {
    const suite = moneySuite(kind);

    const grant = async (owner: Owner, amountMinor: number) =>
      post(await getDb(), {
        accountId: owner.accountId,
        amountMinor,
        kind: "adjustment",
        source: "system",
        externalId: `grant-${randomUUID()}`,
        description: "grant",
        actor: { userId: null, kind: "system" },
      });
    const debitAndFollowUp = async (owner: Owner, amountMinor: number) => {
      await spend(owner, amountMinor);
      await afterDebit(await getDb(), owner.accountId);
    };

    test("a card that keeps failing: one failure email and one charge attempt per low-balance episode, not one per debit", async () => {
      const owner = await newOwner();
      // …0341 attaches fine; every charge on it is declined.
      const added = await call(pmRoute.POST, "/api/agents/v1/billing/payment-methods", {
        method: "POST",
        body: { payment_method_id: await suite.stripe().tokenize("4000000000000341") },
        headers: owner.agent.auth,
      });
      assert.equal(added.status, 201, JSON.stringify(added.json));
      const set = await call(autoFundingRoute.PUT, "/api/agents/v1/wallet/auto-funding", {
        method: "PUT",
        headers: owner.agent.auth,
        body: { auto_charge_amount: 20, charge_threshold: 10 },
      });
      assert.equal(set.status, 200);
      await grant(owner, 900);

      for (let i = 0; i < 4; i++) await debitAndFollowUp(owner, 100);
      const db = await getDb();
      await Promise.all([afterDebit(db, owner.accountId), afterDebit(db, owner.accountId)]);
      assert.equal((await mailsTo(owner, "auto-funding-failed")).length, 1);
      const [account] = await db.select().from(accounts).where(eq(accounts.id, owner.accountId));
      const attempts = async () =>
        (await stripe().paymentIntents.list({ customer: String(account?.stripeCustomerId), limit: 100 })).data
          .length;
      assert.equal(await attempts(), 1);
      assert.equal(await balanceOf(owner), 500);

      // Money comes in: a new episode, so the card is tried once more and its failure mailed once more.
      await grant(owner, 100);
      for (let i = 0; i < 3; i++) await debitAndFollowUp(owner, 100);
      assert.equal((await mailsTo(owner, "auto-funding-failed")).length, 2);
      assert.equal(await attempts(), 2);
    });
  });
}
