import type { DbOrTx } from "@/lib/db/client";
import { accounts, memberships, type User, users } from "@/lib/db/schema";

export interface NewUserInput {
  email: string;
  name: string;
  username: string;
  passwordHash: string;
}

/**
 * Inserts a user with their personal account (same username) and owner membership. Run it inside a
 * transaction: unique violations on the email or username surface to the caller, which decides.
 * The Stripe customer is not created here but on first billing use.
 */
export async function insertUserWithPersonalAccount(tx: DbOrTx, input: NewUserInput): Promise<User> {
  const [account] = await tx
    .insert(accounts)
    .values({ kind: "personal", name: input.name, username: input.username })
    .returning({ id: accounts.id });
  if (!account) throw new Error("account insert returned no row");
  const [user] = await tx
    .insert(users)
    .values({
      email: input.email,
      name: input.name,
      username: input.username,
      passwordHash: input.passwordHash,
      personalAccountId: account.id,
    })
    .returning();
  if (!user) throw new Error("user insert returned no row");
  await tx.insert(memberships).values({ userId: user.id, accountId: account.id, role: "owner" });
  return user;
}
