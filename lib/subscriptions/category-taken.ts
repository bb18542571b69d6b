import { AppError } from "@/lib/errors";
import type { Plan } from "./plans";
import type { SubscriptionRow } from "./sync";

/**
 * 409 for a category that already has a live subscription, with where to go instead. The live
 * subscription travels as typed properties, so the dashboard words its own answer.
 */
export class CategoryTaken extends AppError {
  readonly subscriptionId: number;
  readonly subscriptionStatus: string;
  readonly category: string;

  constructor(existing: SubscriptionRow, plan: Plan) {
    const hint =
      existing.status === "past_due" || existing.status === "unpaid"
        ? `Its last payment failed: repair it with POST /api/agents/v1/subscriptions/${existing.id}/fix-payment.`
        : existing.planId === plan.id
          ? "It is already on this plan."
          : `Change its plan with PUT /api/agents/v1/subscriptions/${existing.id} {"new_plan_id": ${plan.id}}.`;
    super(
      "conflict",
      `This account already has a ${existing.status} subscription (id ${existing.id}) in the ${plan.category} category. ${hint}`,
      {
        details: {
          subscription_id: existing.id,
          plan_id: existing.planId,
          status: existing.status,
          category: plan.category,
        },
      },
    );
    this.subscriptionId = existing.id;
    this.subscriptionStatus = existing.status;
    this.category = plan.category;
  }
}

export const categoryTaken = (existing: SubscriptionRow, plan: Plan) => new CategoryTaken(existing, plan);
