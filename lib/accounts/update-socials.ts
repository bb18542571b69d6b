import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type UserSocials, users } from "@/lib/db/schema";

/** Merges the given links into the stored ones; a null value removes that link. */
export async function updateSocials(
  db: DbOrTx,
  input: { userId: string; socials: UserSocials },
): Promise<void> {
  const given = Object.fromEntries(Object.entries(input.socials).filter(([, v]) => v !== undefined));
  if (Object.keys(given).length === 0) return;
  await db
    .update(users)
    .set({
      socials: sql`jsonb_strip_nulls(${users.socials} || ${JSON.stringify(given)}::jsonb)`,
      updatedAt: sql`now()`,
    })
    .where(eq(users.id, input.userId));
}
