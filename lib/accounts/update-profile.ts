import { eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { accounts, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { uniqueViolation } from "./unique-violation";
import { getUserOrThrow } from "./users";

export interface UpdateProfileInput {
  userId: string;
  name?: string | undefined;
  username?: string | undefined;
  /** null clears it. */
  aboutMe?: string | null | undefined;
}

const usernameTaken = () =>
  new AppError("validation_error", "username: is already taken", {
    details: { username: ["is already taken"] },
  });

/**
 * Updates name, username and about_me. The personal account follows the name and the username, in
 * the same transaction (users and accounts share one username namespace).
 */
export async function updateProfile(db: Db, input: UpdateProfileInput): Promise<void> {
  const user = await getUserOrThrow(db, input.userId);
  const changes = {
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.username === undefined ? {} : { username: input.username }),
    ...(input.aboutMe === undefined ? {} : { aboutMe: input.aboutMe }),
  };
  if (Object.keys(changes).length === 0) return;
  try {
    await db.transaction(async (tx) => {
      if (input.username !== undefined && input.username !== user.username) {
        const [clash] = await tx
          .select({ id: accounts.id })
          .from(accounts)
          .where(eq(accounts.username, input.username));
        if (clash) throw usernameTaken();
        await tx
          .update(accounts)
          .set({ username: input.username })
          .where(eq(accounts.id, user.personalAccountId));
      }
      if (input.name !== undefined) {
        await tx.update(accounts).set({ name: input.name }).where(eq(accounts.id, user.personalAccountId));
      }
      await tx
        .update(users)
        .set({ ...changes, updatedAt: sql`now()` })
        .where(eq(users.id, user.id));
    });
  } catch (error) {
    // Lost a race for the username to a concurrent signup or rename.
    if (uniqueViolation(error)?.includes("username")) throw usernameTaken();
    throw error;
  }
}
