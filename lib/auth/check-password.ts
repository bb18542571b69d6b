/**
 * The one password check behind every sign-in door (the API's /auth/login and the dashboard):
 * argon2id, equal work for unknown emails, the failed-attempt count and soft lock, unverified
 * accounts refused, and a rehash when the parameters rose. Doors only choose their wording.
 */
import { eq, sql } from "drizzle-orm";
import { findUserByEmail } from "@/lib/accounts/users";
import type { Db } from "@/lib/db/client";
import { type User, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { hashPassword, needsRehash, verifyDummyPassword, verifyPassword } from "./passwords";

/**
 * Soft lock (reliability AUTH-13): after this many consecutive failed password checks the account
 * refuses password sign-in, right or wrong, until a password reset (which always works and clears
 * the count). The per-IP+email limiter (20/min) slows a single attacker; this stops a distributed one
 * without ever locking the owner out for good.
 */
export const LOGIN_LOCK_THRESHOLD = 100;

export interface PasswordCheckWording {
  locked: string;
  unverified: string;
}

const invalidCredentials = () => new AppError("invalid_credentials", "The email or password is incorrect.");

/** The user whose password this is; throws invalid_credentials, account_locked or email_not_verified. */
export async function checkPassword(
  db: Db,
  input: { email: string; password: string },
  wording: PasswordCheckWording,
): Promise<User> {
  const user = await findUserByEmail(db, input.email);
  if (!user) {
    // Same argon2 work for unknown emails, so timing does not reveal which addresses have accounts.
    await verifyDummyPassword(input.password);
    throw invalidCredentials();
  }
  const ok = await verifyPassword(user.passwordHash, input.password);
  if (user.failedLoginCount >= LOGIN_LOCK_THRESHOLD) throw new AppError("account_locked", wording.locked);
  if (!ok) {
    await db
      .update(users)
      .set({ failedLoginCount: sql`${users.failedLoginCount} + 1` })
      .where(eq(users.id, user.id));
    throw invalidCredentials();
  }
  // Only someone who knows the password learns that the address is not verified yet.
  if (!user.verifiedAt) throw new AppError("email_not_verified", wording.unverified);
  const rehashed = needsRehash(user.passwordHash) ? await hashPassword(input.password) : null;
  if (user.failedLoginCount > 0 || rehashed) {
    const [updated] = await db
      .update(users)
      .set({ failedLoginCount: 0, ...(rehashed ? { passwordHash: rehashed } : {}) })
      .where(eq(users.id, user.id))
      .returning();
    return updated ?? user;
  }
  return user;
}
