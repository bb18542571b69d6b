/**
 * The plan catalogue. It lives here, in code, so a deploy changes it and every instance agrees;
 * at boot it is synced to Stripe products and prices (plan-prices.ts). Ids are the contract's
 * integers and never reused: retire a plan with `retired: true` (existing subscribers keep it,
 * nobody new can buy it) rather than deleting it. Changing a price creates a new Stripe price;
 * current subscribers stay on the old one until they change plan.
 */
import { AppError } from "@/lib/errors";

export type PlanPeriod = "monthly" | "yearly";

export interface Plan {
  id: number;
  name: string;
  /** One live subscription per account and category; plan changes stay within a category. */
  category: "imagen" | "enterprise";
  period: PlanPeriod;
  /** The tier within the category. */
  type: "basic" | "standard" | "premium" | "growth";
  priceMinor: number;
  /** Generation calls included per billing period (a year for yearly plans). */
  apiCallLimit: number;
  /** Generation requests per minute. */
  rateLimit: number;
  description: string;
  features: string[];
  retired?: boolean;
}

export const PLANS: readonly Plan[] = [
  {
    id: 1,
    name: "Basic",
    category: "imagen",
    period: "monthly",
    type: "basic",
    priceMinor: 900,
    apiCallLimit: 2_000,
    rateLimit: 10,
    description: "For a single agent getting started.",
    features: ["2,000 generation calls per month", "10 requests per minute", "Standard queue"],
  },
  {
    id: 2,
    name: "Standard",
    category: "imagen",
    period: "monthly",
    type: "standard",
    priceMinor: 2_900,
    apiCallLimit: 10_000,
    rateLimit: 30,
    description: "For agents generating every day.",
    features: ["10,000 generation calls per month", "30 requests per minute", "Priority queue"],
  },
  {
    id: 3,
    name: "Premium",
    category: "imagen",
    period: "monthly",
    type: "premium",
    priceMinor: 9_900,
    apiCallLimit: 50_000,
    rateLimit: 60,
    description: "For fleets of agents.",
    features: [
      "50,000 generation calls per month",
      "60 requests per minute",
      "Priority queue",
      "Email support",
    ],
  },
  {
    id: 4,
    name: "Standard (yearly)",
    category: "imagen",
    period: "yearly",
    type: "standard",
    priceMinor: 29_000,
    apiCallLimit: 120_000,
    rateLimit: 30,
    description: "Standard, paid yearly: two months free.",
    features: ["120,000 generation calls per year", "30 requests per minute", "Priority queue"],
  },
  {
    id: 5,
    name: "Premium (yearly)",
    category: "imagen",
    period: "yearly",
    type: "premium",
    priceMinor: 99_000,
    apiCallLimit: 600_000,
    rateLimit: 60,
    description: "Premium, paid yearly: two months free.",
    features: [
      "600,000 generation calls per year",
      "60 requests per minute",
      "Priority queue",
      "Email support",
    ],
  },
  {
    id: 10,
    name: "Basic Enterprise",
    category: "enterprise",
    period: "monthly",
    type: "basic",
    priceMinor: 24_900,
    apiCallLimit: 250_000,
    rateLimit: 120,
    description: "Dedicated capacity for production workloads.",
    features: [
      "250,000 generation calls per month",
      "120 requests per minute",
      "Dedicated queue",
      "Invoices by email",
    ],
  },
  {
    id: 11,
    name: "Growth Enterprise",
    category: "enterprise",
    period: "monthly",
    type: "growth",
    priceMinor: 49_900,
    apiCallLimit: 600_000,
    rateLimit: 300,
    description: "More capacity and throughput for growing products.",
    features: [
      "600,000 generation calls per month",
      "300 requests per minute",
      "Dedicated queue",
      "Invoices by email",
      "Priority support",
    ],
  },
  {
    id: 12,
    name: "Basic Enterprise (yearly)",
    category: "enterprise",
    period: "yearly",
    type: "basic",
    priceMinor: 249_000,
    apiCallLimit: 3_000_000,
    rateLimit: 120,
    description: "Basic Enterprise, paid yearly: two months free.",
    features: [
      "3,000,000 generation calls per year",
      "120 requests per minute",
      "Dedicated queue",
      "Invoices by email",
    ],
  },
];

const byId = new Map(PLANS.map((p) => [p.id, p]));

export function findPlan(id: number): Plan | undefined {
  return byId.get(id);
}

export const stripeInterval = (period: PlanPeriod) => (period === "yearly" ? "year" : "month");

/** The plans on sale (retired ones keep their subscribers but are not offered). */
export function plansOnSale(): Plan[] {
  return PLANS.filter((p) => !p.retired);
}

/**
 * 422 naming the field for a plan the caller cannot have: not on sale, or (for a plan change) of
 * another category than the subscription. Why travels as a typed property for the dashboard.
 */
export class PlanUnavailable extends AppError {
  constructor(
    readonly field: "plan_id" | "new_plan_id",
    readonly reason: "not_on_sale" | "other_category",
    message: string,
  ) {
    super("validation_error", `${field}: ${message}.`, { details: { [field]: [message] } });
  }
}

/** A plan that can be bought now; anything else is the caller's mistake (422 naming the field). */
export function purchasablePlan(id: number, field: "plan_id" | "new_plan_id" = "plan_id"): Plan {
  const plan = findPlan(id);
  if (!plan || plan.retired) {
    throw new PlanUnavailable(
      field,
      "not_on_sale",
      `no plan with id ${id} is on sale; GET /api/agents/v1/subscriptions/plans lists them`,
    );
  }
  return plan;
}
