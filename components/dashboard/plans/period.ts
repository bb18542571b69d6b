import type { Plan } from "@/lib/subscriptions/plans";

/** The word after "per" or "every" for a plan's billing period: "month" or "year". */
export const per = (p: Pick<Plan, "period">) => (p.period === "yearly" ? "year" : "month");
