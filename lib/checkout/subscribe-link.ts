/**
 * The body of `POST /subscriptions` without a card: a subscribe payment link (recorded like every
 * Checkout session Onramp makes, so the success and cancel pages and the status long-poll know it),
 * answered in the subscription API's own shape.
 */

import type { Db } from "@/lib/db/client";
import { perPeriod } from "@/lib/subscriptions/create-subscription";
import { presentPlan, purchasablePlan } from "@/lib/subscriptions/plans";
import { createPaymentLink } from "./create-link";

export async function subscriptionCheckoutBody(
  db: Db,
  input: {
    accountId: string;
    userId: string;
    planId: number;
    idempotencyRecordId: string | null;
    successUrl?: string | undefined;
    cancelUrl?: string | undefined;
  },
) {
  const plan = purchasablePlan(input.planId);
  const link = await createPaymentLink(db, {
    accountId: input.accountId,
    userId: input.userId,
    request: { purpose: "subscribe", planId: plan.id },
    idempotencyRecordId: input.idempotencyRecordId,
    redirects: { successUrl: input.successUrl, cancelUrl: input.cancelUrl },
  });
  return {
    status: "requires_checkout",
    checkout_url: link.payment_url,
    payment_url: link.payment_url,
    session_id: link.session_id,
    status_url: link.status_url,
    plan_id: plan.id,
    plan: presentPlan(plan),
    expires_at: link.expires_at,
    message: `No payment_method_id was given: a human can open checkout_url to subscribe to ${plan.name} (${perPeriod(plan)}). Then call POST /api/agents/v1/subscriptions/confirm-checkout with {"session_id":"${link.session_id}"}.`,
  };
}
