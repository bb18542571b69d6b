import { eq, sql } from "drizzle-orm";
import { findUserByEmail } from "@/lib/accounts/users";
import { ensureDefaultApiKey } from "@/lib/api-keys/ensure-default-api-key";
import type { Db } from "@/lib/db/client";
import { type User, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { type IssuedAccessToken, issueAccessToken } from "./issue-access-token";
import { hashPassword, needsRehash, verifyDummyPassword, verifyPassword } from "./passwords";
import { FULL_ACCESS } from "./scopes";
import type { TokenExpiry } from "./token-expiry";

/**
 * Soft lock (reliability AUTH-13): after this many consecutive failed password checks the account
 * refuses password sign-in, right or wrong, until a password reset (which always works and clears
 * the count). The per-IP+email limiter (20/min) slows a single attacker; this stops a distributed one
 * without ever locking the owner out for good.
 */
export const LOGIN_LOCK_THRESHOLD = 100;

export interface LoginInput {
  email: string;
  password: string;
  expiry: TokenExpiry;
  deviceName: string;
  /** Undefined for a full-access (`*`) token. */
  scopes?: string[] | undefined;
}

export interface LoginResult {
  user: User;
  token: IssuedAccessToken;
  /**
   * The default API key in full only when this login created it (the account had none, e.g. it was
   * deleted or the email was verified through the browser link). Otherwise null: keys are stored as
   * hashes, so an existing key cannot be shown again, and rotating it on every login would break
   * whatever already uses it. POST /api-keys makes another.
   */
  apiKey: string | null;
}

const invalidCredentials = () => new AppError("invalid_credentials", "The email or password is incorrect.");

/**
 * Password sign-in. Unknown emails cost the same argon2 work as known ones and get the same 401.
 * A correct password on an unverified account → 403 email_not_verified (only revealed to someone
 * who knows the password).
 */
export async function login(db: Db, input: LoginInput): Promise<LoginResult> {
  const user = await findUserByEmail(db, input.email);
  if (!user) {
    await verifyDummyPassword(input.password);
    throw invalidCredentials();
  }
  const ok = await verifyPassword(user.passwordHash, input.password);
  if (user.failedLoginCount >= LOGIN_LOCK_THRESHOLD) {
    throw new AppError(
      "account_locked",
      "Password sign-in is locked after too many failed attempts. Reset the password (POST /auth/forgot-password) to unlock it.",
    );
  }
  if (!ok) {
    await db
      .update(users)
      .set({ failedLoginCount: sql`${users.failedLoginCount} + 1` })
      .where(eq(users.id, user.id));
    throw invalidCredentials();
  }
  if (!user.verifiedAt) {
    throw new AppError(
      "email_not_verified",
      "Verify the email address first: POST the code from the verification email to /auth/verify-email, or ask for a new one with POST /auth/resend-verification.",
    );
  }

  const rehashed = needsRehash(user.passwordHash) ? await hashPassword(input.password) : null;
  return db.transaction(async (tx) => {
    if (user.failedLoginCount > 0 || rehashed) {
      await tx
        .update(users)
        .set({ failedLoginCount: 0, ...(rehashed ? { passwordHash: rehashed } : {}) })
        .where(eq(users.id, user.id));
    }
    const apiKey = await ensureDefaultApiKey(tx, { accountId: user.personalAccountId, userId: user.id });
    const token = await issueAccessToken(tx, {
      userId: user.id,
      accountId: user.personalAccountId,
      name: input.deviceName,
      expiry: input.expiry,
      scopes: input.scopes ?? FULL_ACCESS,
    });
    return { user, token, apiKey };
  });
}
