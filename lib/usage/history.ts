/** GET /usage/history: the account's generation requests, newest first. */
import { desc } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { type Generation, generations } from "@/lib/db/schema/generation";
import { inRange } from "./filters";
import type { UsageRange } from "./schemas";

export async function usageHistory(
  db: Db,
  input: { accountId: string; limit: number; offset?: number } & UsageRange,
): Promise<Generation[]> {
  return db
    .select()
    .from(generations)
    .where(inRange(input.accountId, input))
    .orderBy(desc(generations.createdAt), desc(generations.id))
    .limit(input.limit)
    .offset(input.offset ?? 0);
}
