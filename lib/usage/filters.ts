import { and, eq, gte, lt, type SQL } from "drizzle-orm";
import { generations } from "@/lib/db/schema/generation";
import type { UsageRange } from "./schemas";

/** The account's generations within the range. */
export function inRange(accountId: string, range: UsageRange): SQL | undefined {
  return and(
    eq(generations.accountId, accountId),
    range.from ? gte(generations.createdAt, range.from) : undefined,
    range.before ? lt(generations.createdAt, range.before) : undefined,
  );
}
