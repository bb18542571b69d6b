/**
 * The fetch routes: a generation's current state, asking its provider again while it is still
 * processing. Another account's generation is "not found", like one that does not exist.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { type Generation, generations } from "@/lib/db/schema/generation";
import { notFound } from "@/lib/errors";
import { advance } from "./lifecycle";
import { providerOf } from "./providers";

const ID = /^[1-9]\d{0,14}$/;

export async function fetchGeneration(
  db: Db,
  input: { accountId: string; id: string | number },
): Promise<Generation> {
  const text = String(input.id).trim();
  if (!ID.test(text)) throw notFound("Generation");
  const [row] = await db
    .select()
    .from(generations)
    .where(and(eq(generations.id, Number(text)), eq(generations.accountId, input.accountId)));
  if (!row) throw notFound("Generation");
  return row.status === "processing" ? advance(db, row, providerOf(row), "poll") : row;
}
