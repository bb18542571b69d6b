/** The usage figures, computed from generation rows (what each request was charged and refunded). */
import { sql } from "drizzle-orm";
import { generations } from "@/lib/db/schema/generation";

const n = (expression: ReturnType<typeof sql>) => expression.mapWith(Number);

export const usageColumns = {
  requests: n(sql`count(*)`),
  successful: n(sql`count(*) filter (where ${generations.status} = 'success')`),
  failed: n(sql`count(*) filter (where ${generations.status} = 'error')`),
  processing: n(sql`count(*) filter (where ${generations.status} = 'processing')`),
  images: n(sql`coalesce(sum(${generations.samples}) filter (where ${generations.status} = 'success'), 0)`),
  chargedMinor: n(sql`coalesce(sum(${generations.chargedMinor}), 0)`),
  refundedMinor: n(sql`coalesce(sum(${generations.refundedMinor}), 0)`),
  quotaCalls: n(
    sql`count(*) filter (where ${generations.fundedBy} = 'plan_quota' and ${generations.status} <> 'error')`,
  ),
};

export interface UsageFigures {
  requests: number;
  successful: number;
  failed: number;
  processing: number;
  images: number;
  chargedMinor: number;
  refundedMinor: number;
  quotaCalls: number;
}

export const ZERO: UsageFigures = {
  requests: 0,
  successful: 0,
  failed: 0,
  processing: 0,
  images: 0,
  chargedMinor: 0,
  refundedMinor: 0,
  quotaCalls: 0,
};

/** Net wallet spend in cents: charges less refunds. */
export const netSpendMinor = (f: Pick<UsageFigures, "chargedMinor" | "refundedMinor">) =>
  f.chargedMinor - f.refundedMinor;
