/**
 * `PUT /subscriptions/{id}`: moves a subscription to another plan of its category, prorated and
 * invoiced at once (`always_invoice`): an upgrade charges the difference for the rest of the
 * period now; a downgrade leaves a credit that pays the next invoices. Moving between monthly and
 * yearly starts a new period now (Stripe restarts the cycle on a new interval), with the unused
 * time credited. Calls already used this period still count against the new plan's limit.
 */
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { minorToUsd } from "@/lib/money";
import { providerError } from "@/lib/stripe/errors";
import { retrieveSubscription } from "@/lib/stripe/subscriptions";
import { perPeriod } from "./create-subscription";
import { settleChangePayment } from "./lifecycle";
import {
  applyUpdate,
  freshOwnSubscription,
  impossible,
  invoiceOfChange,
  type MutationInput,
  presentInvoiceBrief,
  stripeKeyFor,
} from "./mutation";
import { priceForPlan } from "./plan-prices";
import { findPlan, purchasablePlan } from "./plans";
import { presentedStatus, presentSubscription } from "./present";

export async function changePlan(db: Db, input: MutationInput & { newPlanId: number }) {
  const plan = purchasablePlan(input.newPlanId, "new_plan_id");
  const row = await freshOwnSubscription(db, input);
  const status = presentedStatus(row);
  if (status !== "active" && status !== "trialing") {
    const hint =
      status === "paused"
        ? "Resume it first."
        : status === "past_due" || status === "unpaid"
          ? `Repair its payment first with POST /api/agents/v1/subscriptions/${row.id}/fix-payment.`
          : status === "incomplete"
            ? "Its first payment has not gone through yet."
            : "Subscribe again with POST /api/agents/v1/subscriptions.";
    throw impossible(row, "change the plan of", hint);
  }
  const current = findPlan(row.planId);
  if (plan.category !== row.category) {
    const message = `plan ${plan.id} (${plan.name}) is in the ${plan.category} category and this subscription is in ${row.category}; buy it as a separate subscription with POST /api/agents/v1/subscriptions`;
    throw new AppError("validation_error", `new_plan_id: ${message}.`, {
      details: { new_plan_id: [message] },
    });
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
  const credit = invoice && invoice.total < 0 ? minorToUsd(-invoice.total) : 0;
  const body = {
    message:
      `Changed from ${current?.name ?? `plan ${row.planId}`} to ${plan.name} (${perPeriod(plan)}).` +
      (invoice
        ? credit
          ? ` The unused time was credited (${credit} USD) against future invoices.`
          : ` The prorated difference was invoiced now (${minorToUsd(invoice.amount_due)} USD).`
        : ""),
    subscription: presentSubscription(changed),
    previous_plan_id: row.planId,
    proration: invoice ? { ...presentInvoiceBrief(invoice), credited: credit } : null,
  };
  return settleChangePayment(body, changed, payment);
}
