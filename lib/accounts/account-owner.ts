import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { memberships, type User, users } from "@/lib/db/schema";

/** The user who owns an account (who is mailed about its money), or null for an ownerless account. */
export async function accountOwner(db: DbOrTx, accountId: string): Promise<User | null> {
  const [row] = await db
    .select({ user: users })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.accountId, accountId), eq(memberships.role, "owner")))
    .limit(1);
  return row?.user ?? null;
}
