import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { eq } from "drizzle-orm";
import * as cardsRoute from "@/app/api/agents/v1/billing/payment-methods/route";
import * as fundRoute from "@/app/api/agents/v1/wallet/fund/route";
import { handleApprove, handleReject, handleUpdatePolicy } from "@/lib/actions/approval-handlers";
import { toFailure } from "@/lib/actions/result";
import { getPolicy } from "@/lib/approvals/policy";
import { pendingCount } from "@/lib/approvals/requests";
import { getDb } from "@/lib/db/client";
import { wallets } from "@/lib/db/schema/wallet";
import { loadApprovals } from "@/lib/query/loaders";
import { onboardAgent } from "@/tests/helpers/agent";
import { availableDatabases } from "@/tests/helpers/database";
import { call } from "@/tests/helpers/http";
import { signedInHuman } from "@/tests/helpers/human";
import { moneySuite } from "@/tests/helpers/money-suite";
import { joinAs } from "@/tests/helpers/team";

process.env.RATE_LIMIT_BILLING_PER_MINUTE = "100000";

const failureOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return toFailure(error);
  }
  assert.fail("expected the handler to fail");
};

for (const kind of availableDatabases()) {
  describe(`approvals in the dashboard on ${kind}`, () => {
    const suite = moneySuite(kind);

    test("the owner sees the member's held fund, approves it (charged once), and a member may not decide", async () => {
      const owner = await signedInHuman();
      const ctx = await owner.ctx();
      const card = await call(cardsRoute.POST, "/api/agents/v1/billing/payment-methods", {
        method: "POST",
        body: { payment_method_id: await suite.stripe().tokenize("4242424242424242") },
        headers: owner.agent.auth,
      });
      assert.equal(card.status, 201);
      const member = await onboardAgent();
      await joinAs(member, owner.human.accountId, "member");
      const held = await call(fundRoute.POST, "/api/agents/v1/wallet/fund", {
        method: "POST",
        body: { amount: 180 },
        headers: member.auth,
      });
      assert.equal(held.status, 202, JSON.stringify(held.json));
      const id = held.json.data.approval.id as string;

      assert.equal(await pendingCount(ctx.db, owner.human), 1);
      const inbox = await loadApprovals(ctx.db, owner.human);
      assert.equal(inbox.canDecide, true);
      assert.deepEqual(
        inbox.items.map((a) => [a.id, a.status, a.cost?.amount]),
        [[id, "pending", 180]],
      );
      const asMember = { ...owner.human, userId: member.userId, role: "member" as const };
      assert.equal(await pendingCount(ctx.db, asMember), 0);
      assert.equal((await loadApprovals(ctx.db, asMember)).canDecide, false);
      assert.equal(
        (await failureOf(handleApprove({ db: ctx.db, human: asMember }, { id }))).code,
        "forbidden",
      );

      const approved = await handleApprove(ctx, { id });
      assert.equal(approved.status, "executed");
      assert.equal(approved.result?.http_status, 200);
      assert.equal((approved.result?.data as { amount?: number } | undefined)?.amount, 180);
      const [wallet] = await (await getDb())
        .select()
        .from(wallets)
        .where(eq(wallets.accountId, owner.human.accountId));
      assert.equal(wallet?.balanceMinor, 18_000);
      assert.equal((await failureOf(handleApprove(ctx, { id }))).code, "conflict");
      assert.equal(await pendingCount(ctx.db, owner.human), 0);
      assert.equal((await failureOf(handleApprove(ctx, { id: "nope" }))).code, "validation_error");
    });

    test("reject needs a reason; another account's approval is not found", async () => {
      const owner = await signedInHuman();
      const ctx = await owner.ctx();
      const member = await onboardAgent();
      await joinAs(member, owner.human.accountId, "member");
      const held = await call(fundRoute.POST, "/api/agents/v1/wallet/fund", {
        method: "POST",
        body: { amount: 250 },
        headers: member.auth,
      });
      const id = held.json.data.approval.id as string;
      const noReason = await failureOf(handleReject(ctx, { id, reason: "  " }));
      assert.equal(noReason.code, "validation_error");
      assert.ok(noReason.fieldErrors.reason);
      const stranger = await signedInHuman();
      assert.equal(
        (await failureOf(handleReject(await stranger.ctx(), { id, reason: "x" }))).code,
        "not_found",
      );
      const rejected = await handleReject(ctx, { id, reason: "Use the monthly budget." });
      assert.equal(rejected.status, "rejected");
      assert.equal(rejected.reason, "Use the monthly budget.");
    });

    test("the policy form: saved for the account, threshold in dollars; members may not", async () => {
      const owner = await signedInHuman();
      const ctx = await owner.ctx();
      const saved = await handleUpdatePolicy(ctx, {
        subscriptions: false,
        funds: "on",
        fund_threshold: "250.50",
        api_keys: true,
      });
      assert.deepEqual(
        [saved.subscriptions, saved.funds, saved.fund_threshold, saved.api_keys],
        [false, true, 250.5, true],
      );
      const stored = await getPolicy(ctx.db, owner.human.accountId);
      assert.equal(stored.fundThresholdMinor, 25_050);
      const bad = await failureOf(
        handleUpdatePolicy(ctx, {
          subscriptions: true,
          funds: true,
          fund_threshold: "lots",
          api_keys: false,
        }),
      );
      assert.equal(bad.code, "validation_error");
      assert.ok(bad.fieldErrors.fund_threshold);
      const asMember = { ...owner.human, role: "member" as const };
      assert.equal(
        (
          await failureOf(
            handleUpdatePolicy(
              { db: ctx.db, human: asMember },
              { subscriptions: true, funds: true, fund_threshold: "1", api_keys: false },
            ),
          )
        ).code,
        "forbidden",
      );
    });
  });
}
