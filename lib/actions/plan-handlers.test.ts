import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { getDb } from "@/lib/db/client";
import { stripe as stripeClient } from "@/lib/stripe/client";
import { estimatePlanChange, previewPlanChange } from "@/lib/subscriptions/plan-change-preview";
import { findPlan } from "@/lib/subscriptions/plans";
import { findOwnSubscription } from "@/lib/subscriptions/queries";
import { availableDatabases } from "@/tests/helpers/database";
import { signedInHuman } from "@/tests/helpers/human";
import { moneySuite } from "@/tests/helpers/money-suite";
import {
  handleCancel,
  handleChangePlan,
  handlePause,
  handlePreviewChange,
  handleResume,
  handleSubscribe,
  handleSubscriptionStatus,
} from "./plan-handlers";
import { toFailure } from "./result";

const failureOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return toFailure(error);
  }
  assert.fail("expected the handler to fail");
};
const attempt = () => crypto.randomUUID();

describe("the plan-change estimate", () => {
  const basic = findPlan(1)!;
  const standard = findPlan(2)!;
  const yearly = findPlan(4)!;
  const start = new Date("2026-11-01T00:00:00Z");
  const end = new Date("2026-12-01T00:00:00Z");
  const halfway = new Date("2026-11-16T00:00:00Z");

  test("an upgrade half-way charges half the difference; the period stays", () => {
    const e = estimatePlanChange({
      current: basic,
      next: standard,
      periodStart: start,
      periodEnd: end,
      now: halfway,
    });
    assert.deepEqual([e.dueNowMinor, e.creditMinor, e.restartsPeriod], [1000, 0, false]);
    assert.equal(e.nextRenewalAt.toISOString(), end.toISOString());
    assert.equal(e.nextRenewalMinor, standard.priceMinor);
  });

  test("a downgrade credits the difference; a new interval starts a period now", () => {
    const down = estimatePlanChange({
      current: standard,
      next: basic,
      periodStart: start,
      periodEnd: end,
      now: halfway,
    });
    assert.deepEqual([down.dueNowMinor, down.creditMinor], [0, 1000]);
    const toYearly = estimatePlanChange({
      current: standard,
      next: yearly,
      periodStart: start,
      periodEnd: end,
      now: halfway,
    });
    assert.deepEqual([toYearly.dueNowMinor, toYearly.restartsPeriod], [yearly.priceMinor - 1450, true]);
    assert.equal(toYearly.nextRenewalAt.toISOString(), "2027-11-16T00:00:00.000Z");
    // Calendar months, as Stripe counts them: from January 31st the next period starts February 28th.
    const toMonthly = estimatePlanChange({
      current: yearly,
      next: basic,
      periodStart: new Date("2026-06-01T00:00:00Z"),
      periodEnd: new Date("2027-06-01T00:00:00Z"),
      now: new Date("2027-01-31T10:00:00Z"),
    });
    assert.equal(toMonthly.nextRenewalAt.toISOString(), "2027-02-28T10:00:00.000Z");
  });
});

for (const kind of availableDatabases()) {
  describe(`dashboard plan actions on ${kind}`, () => {
    const suite = moneySuite(kind);

    test("subscribe, preview and change plan, pause, resume, cancel at period end, take it back", async () => {
      const { ctx } = await signedInHuman();
      const pm = await suite.stripe().tokenize("4242424242424242");
      const sub = await handleSubscribe(await ctx(), {
        plan_id: 1,
        payment_method_id: pm,
        attempt_id: attempt(),
      });
      assert.equal(sub.status, "done");
      assert.equal(sub.subscription.status, "active");
      const id = sub.subscription.id;

      const preview = await handlePreviewChange(await ctx(), { subscription_id: id, new_plan_id: 2 });
      assert.equal(preview.fromPlan.name, "Basic");
      assert.equal(preview.toPlan.name, "Standard");
      assert.ok(
        preview.dueNowMinor > 1900 && preview.dueNowMinor <= 2000,
        `about the full difference at the start: ${preview.dueNowMinor}`,
      );
      assert.equal(preview.restartsPeriod, false);

      const changed = await handleChangePlan(await ctx(), {
        subscription_id: id,
        new_plan_id: 2,
        attempt_id: attempt(),
      });
      assert.equal(changed.status, "done");
      assert.equal(changed.subscription.planId, 2);
      assert.match(changed.message, /Changed from Basic to Standard/);

      assert.equal(
        (await handlePause(await ctx(), { subscription_id: id, attempt_id: attempt() })).subscription.status,
        "paused",
      );
      assert.equal(
        (await handleResume(await ctx(), { subscription_id: id, attempt_id: attempt() })).subscription.status,
        "active",
      );
      const canceled = await handleCancel(await ctx(), { subscription_id: id, attempt_id: attempt() });
      assert.equal(canceled.subscription.cancelAtPeriodEnd, true);
      assert.equal(canceled.subscription.status, "active", "it runs until the period ends");
      const kept = await handleResume(await ctx(), { subscription_id: id, attempt_id: attempt() });
      assert.equal(kept.subscription.cancelAtPeriodEnd, false);

      const again = await failureOf(
        handleSubscribe(await ctx(), { plan_id: 3, payment_method_id: pm, attempt_id: attempt() }),
      );
      assert.equal(again.code, "conflict", "one live plan per category");
      const cross = await failureOf(
        handlePreviewChange(await ctx(), { subscription_id: id, new_plan_id: 10 }),
      );
      assert.equal(cross.code, "validation_error");
    });

    test("the page's answers are written for people: no agent endpoints, refusals reworded", async () => {
      const agentWords = /\/api\/agents|\b(GET|POST|PUT) \//;
      const { ctx } = await signedInHuman();
      const pm = await suite.stripe().tokenize("4242424242424242");
      const sub = await handleSubscribe(await ctx(), {
        plan_id: 1,
        payment_method_id: pm,
        attempt_id: attempt(),
      });
      const id = sub.subscription.id;
      const canceled = await handleCancel(await ctx(), { subscription_id: id, attempt_id: attempt() });
      assert.match(canceled.message, /^Set to cancel at the end of the period/);
      assert.doesNotMatch(canceled.message, agentWords);

      const retired = await failureOf(
        handleSubscribe(await ctx(), { plan_id: 999, payment_method_id: pm, attempt_id: attempt() }),
      );
      assert.equal(retired.code, "validation_error");
      assert.deepEqual(retired.fieldErrors, { plan_id: ["is not on sale any more; choose another plan"] });
      assert.doesNotMatch(retired.message, agentWords);

      const taken = await failureOf(
        handleSubscribe(await ctx(), { plan_id: 2, payment_method_id: pm, attempt_id: attempt() }),
      );
      assert.equal(taken.code, "conflict");
      assert.doesNotMatch(taken.message, agentWords);

      await handlePause(await ctx(), { subscription_id: id, attempt_id: attempt() });
      const again = await failureOf(handlePause(await ctx(), { subscription_id: id, attempt_id: attempt() }));
      assert.equal(again.code, "conflict");
      assert.equal(again.message, "This plan is already paused.");
      const change = await failureOf(
        handleChangePlan(await ctx(), { subscription_id: id, new_plan_id: 2, attempt_id: attempt() }),
      );
      assert.equal(change.message, "This plan is paused. Resume it first.");
      const resumed = await handleResume(await ctx(), { subscription_id: id, attempt_id: attempt() });
      assert.equal(resumed.message, "Resumed, and the cancellation is taken back.");
      assert.equal(resumed.subscription.status, "active");
      assert.equal(resumed.subscription.cancelAtPeriodEnd, false);
    });

    test("a declined card subscribes nothing; 3-D Secure waits for the challenge", async () => {
      const { ctx } = await signedInHuman();
      const declined = await failureOf(
        handleSubscribe(await ctx(), {
          plan_id: 1,
          payment_method_id: await suite.stripe().tokenize("4000000000000002"),
          attempt_id: attempt(),
        }),
      );
      assert.equal(declined.code, "payment_declined");
      assert.equal(declined.message, "Your card was declined.");

      const secure = await handleSubscribe(await ctx(), {
        plan_id: 1,
        payment_method_id: await suite.stripe().tokenize("4000002500003155"),
        attempt_id: attempt(),
      });
      assert.equal(secure.status, "requires_action");
      assert.ok(secure.status === "requires_action" && /_secret_/.test(secure.clientSecret));
      const pi = secure.clientSecret.split("_secret_")[0];
      await suite.stripe().helper(`/_emulator/payment_intents/${pi}/authenticate`, { result: "succeed" });
      const status = await handleSubscriptionStatus(await ctx(), { subscription_id: secure.subscription.id });
      assert.equal(status.status, "active");
    });

    test("another account's subscription is a 404 to every action", async () => {
      const owner = await signedInHuman();
      const sub = await handleSubscribe(await owner.ctx(), {
        plan_id: 1,
        payment_method_id: await suite.stripe().tokenize("4242424242424242"),
        attempt_id: attempt(),
      });
      const { ctx } = await signedInHuman();
      const id = sub.subscription.id;
      for (const run of [
        async () => handlePreviewChange(await ctx(), { subscription_id: id, new_plan_id: 2 }),
        async () =>
          handleChangePlan(await ctx(), { subscription_id: id, new_plan_id: 2, attempt_id: attempt() }),
        async () => handlePause(await ctx(), { subscription_id: id, attempt_id: attempt() }),
        async () => handleCancel(await ctx(), { subscription_id: id, attempt_id: attempt() }),
        async () => handleSubscriptionStatus(await ctx(), { subscription_id: id }),
      ]) {
        assert.equal((await failureOf(run())).code, "not_found");
      }
    });

    // Last: it moves the emulator's clock ten days on.
    test("mid-period, the preview is what Stripe then charges: upgrade, downgrade credit, monthly → yearly", async () => {
      const { ctx, human } = await signedInHuman();
      const sub = await handleSubscribe(await ctx(), {
        plan_id: 1,
        payment_method_id: await suite.stripe().tokenize("4242424242424242"),
        attempt_id: attempt(),
      });
      const id = sub.subscription.id;
      const { stripeSubscriptionId } = await findOwnSubscription(await getDb(), human.accountId, id);
      await suite.stripe().helper("/_emulator/clock/advance", { days: 10 });
      const stripeNow = async () => new Date((await suite.stripe().helper("/_emulator/clock")).now * 1000);
      const latestInvoice = async () =>
        (
          await stripeClient().invoices.list({
            subscription: stripeSubscriptionId,
            limit: 1,
          })
        ).data[0]!;

      const changeTo = async (planId: number) => {
        const preview = await previewPlanChange(await getDb(), {
          accountId: human.accountId,
          subscriptionId: id,
          newPlanId: planId,
          now: await stripeNow(),
        });
        const changed = await handleChangePlan(await ctx(), {
          subscription_id: id,
          new_plan_id: planId,
          attempt_id: attempt(),
        });
        assert.equal(changed.status, "done");
        return { preview, invoice: await latestInvoice() };
      };

      const up = await changeTo(2);
      assert.ok(
        up.preview.dueNowMinor > 1200 && up.preview.dueNowMinor < 2000,
        `ten days into the month, about two thirds of the $20 difference: ${up.preview.dueNowMinor}`,
      );
      assert.ok(
        Math.abs(up.invoice.total - up.preview.dueNowMinor) <= 1,
        `${up.invoice.total} vs ${up.preview.dueNowMinor}`,
      );

      const down = await changeTo(1);
      assert.equal(down.preview.dueNowMinor, 0);
      assert.ok(down.preview.creditMinor > 0);
      assert.ok(
        Math.abs(down.invoice.total + down.preview.creditMinor) <= 1,
        `${down.invoice.total} vs -${down.preview.creditMinor}`,
      );

      const yearly = await changeTo(4);
      assert.equal(yearly.preview.restartsPeriod, true);
      assert.ok(
        Math.abs(yearly.invoice.total - yearly.preview.dueNowMinor) <= 1,
        `${yearly.invoice.total} vs ${yearly.preview.dueNowMinor}`,
      );
      const renewed = await stripeClient().subscriptions.retrieve(stripeSubscriptionId);
      const periodEnd = renewed.items.data[0]!.current_period_end;
      assert.ok(
        Math.abs(yearly.preview.nextRenewalAt.getTime() / 1000 - periodEnd) <= 2,
        `renews ${yearly.preview.nextRenewalAt.toISOString()} vs Stripe ${new Date(periodEnd * 1000).toISOString()}`,
      );
    });
  });
}
