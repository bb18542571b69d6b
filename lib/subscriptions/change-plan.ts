/**
 * `PUT /subscriptions/{id}`: moves a subscription to another plan of its category, prorated and
 * invoiced at once (`always_invoice`): an upgrade charges the difference for the rest of the
 * period now; a downgrade leaves a credit that pays the next invoices. Moving between monthly and
 * yearly starts a new period now (Stripe restarts the cycle on a new interval), with the unused
 * time credited. Calls already used this period still count against the new plan's limit.
 */
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { providerError } from "@/lib/stripe/errors";
import { retrieveSubscription } from "@/lib/stripe/subscriptions";
import {
  applyUpdate,
  auditSubscription,
  type ChangeSettlement,
  freshOwnSubscription,
  type InvoiceBrief,
  impossible,
  invoiceBriefOf,
  invoiceOfChange,
  type MutationInput,
  settleChangePayment,
  stripeKeyFor,
} from "./mutation";
import { priceForPlan } from "./plan-prices";
import { findPlan, type Plan, PlanUnavailable, purchasablePlan } from "./plans";
import { subscriptionStatusOf } from "./state";
import type { SubscriptionRow } from "./sync";

/**
 * A plan change that went through at Stripe. `invoice` is the proration Stripe invoiced at once
 * (null when none was issued): a negative total is unused time credited to future invoices.
 */
export type PlanChange = {
  subscription: SubscriptionRow;
  plan: Plan;
  previousPlanId: number;
  /** Undefined for a plan no longer in the catalogue. */
  previousPlan: Plan | undefined;
  invoice: InvoiceBrief | null;
} & ChangeSettlement;

export async function changePlan(db: Db, input: MutationInput & { newPlanId: number }): Promise<PlanChange> {
  const plan = purchasablePlan(input.newPlanId, "new_plan_id");
  const row = await freshOwnSubscription(db, input);
  const status = subscriptionStatusOf(row);
  if (status !== "active" && status !== "trialing") {
    const hint =
      status === "paused"
        ? "Resume it first."
        : status === "past_due" || status === "unpaid"
          ? `Repair its payment first with POST /api/agents/v1/subscriptions/${row.id}/fix-payment.`
          : status === "incomplete"
            ? "Its first payment has not gone through yet."
            : "Subscribe again with POST /api/agents/v1/subscriptions.";
    throw impossible(row, "change_plan", hint);
  }
  if (plan.category !== row.category) {
    throw new PlanUnavailable(
      "new_plan_id",
      "other_category",
      `plan ${plan.id} (${plan.name}) is in the ${plan.category} category and this subscription is in ${row.category}; buy it as a separate subscription with POST /api/agents/v1/subscriptions`,
    );
  }
  if (plan.id === row.planId) {
    throw new AppError("conflict", `Subscription ${row.id} is already on ${plan.name}.`, {
      details: { subscription_id: row.id, plan_id: row.planId },
    });
  }
  const priceId = await priceForPlan(plan);
  const sub = await retrieveSubscription(row.stripeSubscriptionId).catch((e: unknown) =>
    Promise.reject(providerError(e)),
  );
  const item = sub.items.data[0];
  if (!item) throw new AppError("internal_error", `Subscription ${row.id} has no item at Stripe.`);
  const { row: changed, sub: updated } = await applyUpdate(
    db,
    row,
    { items: [{ id: item.id, price: priceId, quantity: 1 }], proration_behavior: "always_invoice" },
    stripeKeyFor(input, `change_${plan.id}`),
  );
  const { invoice, payment } = await invoiceOfChange(db, row, updated, input.userId);
  await auditSubscription(db, changed, "subscription.changed", {
    change: "plan",
    previous_plan_id: row.planId,
    invoice_id: invoice?.id ?? null,
  });
  return {
    subscription: changed,
    plan,
    previousPlanId: row.planId,
    previousPlan: findPlan(row.planId),
    invoice: invoice ? invoiceBriefOf(invoice) : null,
    ...settleChangePayment(changed, payment),
  };
}
