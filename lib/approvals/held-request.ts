/**
 * What a held request asked for: the original route's validated body, in cents, kept as the
 * approval's payload and run as it is once approved.
 */

import type { Db } from "@/lib/db/client";
import { formatUsd } from "@/lib/money";
import { purchasablePlan } from "@/lib/subscriptions/plans";
import { findOwnSubscription } from "@/lib/subscriptions/queries";

export type HeldRequest =
  | { kind: "fund"; amountMinor: number; paymentMethodId?: string | undefined }
  | {
      kind: "subscription";
      planId: number;
      paymentMethodId?: string | undefined;
      successUrl?: string | undefined;
      cancelUrl?: string | undefined;
    }
  | { kind: "plan_change"; subscriptionId: number; newPlanId: number }
  | { kind: "api_key"; name: string; notes?: string | null | undefined };

export interface Priced {
  amountMinor: number | null;
  summary: string;
}

const usd = formatUsd;

/**
 * What the request costs and a sentence an admin reads. Refuses what the original route would
 * refuse before any money moves (an unknown plan, another account's subscription), so nothing
 * hopeless waits for a decision.
 */
export async function priceRequest(db: Db, accountId: string, request: HeldRequest): Promise<Priced> {
  switch (request.kind) {
    case "fund":
      return { amountMinor: request.amountMinor, summary: `Add ${usd(request.amountMinor)} to the wallet` };
    case "subscription": {
      const plan = purchasablePlan(request.planId);
      return {
        amountMinor: plan.priceMinor,
        summary: `Subscribe to ${plan.name} (${usd(plan.priceMinor)}/${plan.period === "yearly" ? "year" : "month"})`,
      };
    }
    case "plan_change": {
      const plan = purchasablePlan(request.newPlanId, "new_plan_id");
      const sub = await findOwnSubscription(db, accountId, request.subscriptionId);
      return {
        amountMinor: plan.priceMinor,
        summary: `Change subscription ${sub.id} to ${plan.name} (${usd(plan.priceMinor)}/${plan.period === "yearly" ? "year" : "month"})`,
      };
    }
    case "api_key":
      return { amountMinor: null, summary: `Create the API key "${request.name}"` };
  }
}
