/**
 * Date ranges of the usage endpoints: `from` and `to` are days (YYYY-MM-DD, UTC, both inclusive)
 * or exact ISO-8601 instants. Output: a half-open [from, before) pair of instants.
 */
import { z } from "zod";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

const moment = z
  .string()
  .trim()
  .max(40)
  .refine(
    (v) =>
      DAY.test(v) ? z.iso.date().safeParse(v).success : z.iso.datetime({ offset: true }).safeParse(v).success,
    {
      message: "must be a date (YYYY-MM-DD) or an ISO-8601 date-time",
    },
  );

const rangeShape = { from: moment.optional(), to: moment.optional() };

interface Range {
  from: Date | null;
  /** Exclusive upper bound. */
  before: Date | null;
}

function toRange(v: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx): Range {
  const from = v.from ? new Date(DAY.test(v.from) ? `${v.from}T00:00:00Z` : v.from) : null;
  const before = v.to
    ? DAY.test(v.to)
      ? new Date(new Date(`${v.to}T00:00:00Z`).getTime() + DAY_MS)
      : new Date(new Date(v.to).getTime() + 1)
    : null;
  if (from && before && from.getTime() >= before.getTime()) {
    ctx.addIssue({ code: "custom", path: ["from"], message: "must not be after to" });
  }
  return { from, before };
}

export const usageRangeQuerySchema = z.object(rangeShape).transform(toRange);

/** `limit`, or the CLI's `per_page` with `page` (1-based); `limit` wins when both are sent. */
export const usageHistoryQuerySchema = z
  .object({
    ...rangeShape,
    limit: z.coerce.number().int().min(1).max(200).optional(),
    per_page: z.coerce.number().int().min(1).max(200).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
  })
  .transform((v, ctx) => {
    const limit = v.limit ?? v.per_page ?? 100;
    return { ...toRange(v, ctx), limit, offset: (v.page - 1) * limit };
  });

export const usageDailyQuerySchema = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) });

export type UsageRange = z.output<typeof usageRangeQuerySchema>;
