"use client";
/** The client half of a plan purchase or change: 3-D Secure in the page, then a fresh status. */
import type { Stripe } from "@stripe/stripe-js";
import { subscriptionStatusAction } from "@/lib/actions/plan-actions";
import type { PlanOutcome } from "@/lib/actions/plan-handlers";
import { unwrap } from "@/lib/query/unwrap";

export type Outcome = { tone: "success" | "error" | "info"; text: string } | null;

export async function finishPlanPayment(
  stripe: Stripe,
  result: PlanOutcome,
  success: string,
): Promise<Outcome> {
  if (result.status === "done") return { tone: "success", text: success };
  const challenge = await stripe.handleNextAction({ clientSecret: result.clientSecret });
  const fresh = unwrap(await subscriptionStatusAction({ subscription_id: result.subscription.id }));
  if (fresh.status === "active" || fresh.status === "trialing") return { tone: "success", text: success };
  if (challenge.error) {
    return {
      tone: "error",
      text: challenge.error.message ?? "The payment was not authenticated, so nothing was charged.",
    };
  }
  return { tone: "info", text: "The payment is still being confirmed. This page updates when it settles." };
}
