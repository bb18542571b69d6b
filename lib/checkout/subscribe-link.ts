/**
 * `POST /subscriptions` without a card: a subscribe payment link (recorded like every Checkout
 * session Onramp makes, so the success and cancel pages and the status long-poll know it), for the
 * plan a human is asked to pay for.
 */

import type { Db } from "@/lib/db/client";
import { type Plan, purchasablePlan } from "@/lib/subscriptions/plans";
import { createPaymentLink } from "./create-link";
import type { CheckoutLink } from "./links";

export async function startSubscriptionLink(
  db: Db,
  input: {
    accountId: string;
    userId: string;
    planId: number;
    idempotencyRecordId: string | null;
    successUrl?: string | undefined;
    cancelUrl?: string | undefined;
  },
): Promise<{ link: CheckoutLink; plan: Plan }> {
  const plan = purchasablePlan(input.planId);
  const link = await createPaymentLink(db, {
    accountId: input.accountId,
    userId: input.userId,
    request: { purpose: "subscribe", planId: plan.id },
    idempotencyRecordId: input.idempotencyRecordId,
    redirects: { successUrl: input.successUrl, cancelUrl: input.cancelUrl },
  });
  return { link, plan };
}
