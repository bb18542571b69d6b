import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type User, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function findUserByEmail(db: DbOrTx, email: string): Promise<User | null> {
  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, normalizeEmail(email)));
  return user ?? null;
}

/** For authenticated callers: their user row must exist, or the token is stale. */
export async function getUserOrThrow(db: DbOrTx, id: string): Promise<User> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  if (!user) throw new AppError("unauthenticated", "The access token's user no longer exists.");
  return user;
}
