import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { findUserByEmail } from "@/lib/accounts/users";
import { revokeUserApiKeys } from "@/lib/api-keys/revoke-user-api-keys";
import { RESET_TOKEN_MAX_ATTEMPTS } from "@/lib/auth/email-secrets";
import { hashPassword } from "@/lib/auth/passwords";
import { revokeUserTokens } from "@/lib/auth/revoke-access-tokens";
import { forgetTokensOfUser } from "@/lib/auth/token-cache";
import type { Db } from "@/lib/db/client";
import { emailTokens, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { digestsEqual, sha256Hex } from "@/lib/secrets/bearer-secrets";
import { sendPasswordChangedMail } from "./password-changed-mail";

export interface ResetPasswordInput {
  email: string;
  token: string;
  password: string;
  /** Also delete every API key (see revokeUserApiKeys): cleans a taken-over account in one step. */
  revokeApiKeys?: boolean | undefined;
}

/**
 * 422 for a token that resets nothing; why (`expired`, or `invalid` for anything else) travels as a
 * typed property, so the dashboard words its own answer.
 */
export class InvalidResetToken extends AppError {
  constructor(readonly reason: "invalid" | "expired") {
    super(
      "invalid_reset_token",
      reason === "expired"
        ? "This reset token has expired (tokens last 30 minutes). Ask for a new one with POST /auth/forgot-password."
        : "This reset token is not valid for that email. Tokens work once, only the newest one works, and a few wrong tries burn it: ask for a new one with POST /auth/forgot-password.",
      { details: { reason } },
    );
  }
}

const invalid = (reason: "invalid" | "expired") => new InvalidResetToken(reason);

/** What a reset revoked; `includedApiKeys` when the caller asked for the API keys to go too. */
export interface PasswordReset {
  revokedTokens: number;
  revokedApiKeys: number;
  includedApiKeys: boolean;
}

/**
 * Sets a new password with the emailed token. Single use (claimed with a conditional update), newest
 * token only, burnt after a few wrong guesses. Revokes every access token of the user (and, when
 * asked, every API key), clears the failed-login count (this is how a locked account is unlocked),
 * does not sign in, and mails a notice after commit.
 */
export async function resetPassword(db: Db, input: ResetPasswordInput): Promise<PasswordReset> {
  const user = await findUserByEmail(db, input.email);
  if (!user) throw invalid("invalid");
  const [current] = await db
    .select()
    .from(emailTokens)
    .where(and(eq(emailTokens.userId, user.id), eq(emailTokens.purpose, "reset"), isNull(emailTokens.usedAt)))
    .orderBy(desc(emailTokens.createdAt))
    .limit(1);
  if (!current) throw invalid("invalid");
  if (!digestsEqual(current.tokenHash, sha256Hex(input.token.trim()))) {
    await db
      .update(emailTokens)
      .set({
        attempts: sql`${emailTokens.attempts} + 1`,
        usedAt: sql`case when ${emailTokens.attempts} + 1 >= ${RESET_TOKEN_MAX_ATTEMPTS} then now() else null end`,
      })
      .where(eq(emailTokens.id, current.id));
    throw invalid("invalid");
  }
  if (current.expiresAt <= new Date()) throw invalid("expired");

  const passwordHash = await hashPassword(input.password);
  const revoked = await db.transaction(async (tx) => {
    const claimed = await tx
      .update(emailTokens)
      .set({ usedAt: sql`now()` })
      .where(and(eq(emailTokens.id, current.id), isNull(emailTokens.usedAt)))
      .returning({ id: emailTokens.id });
    if (claimed.length === 0) throw invalid("invalid");
    await tx
      .update(users)
      .set({ passwordHash, failedLoginCount: 0, updatedAt: sql`now()` })
      .where(eq(users.id, user.id));
    return {
      tokens: await revokeUserTokens(tx, { userId: user.id, reason: "password_reset" }),
      apiKeys: input.revokeApiKeys
        ? await revokeUserApiKeys(tx, { userId: user.id, personalAccountId: user.personalAccountId })
        : 0,
    };
  });
  // Again after the commit: a token lookup during the transaction still saw the old rows.
  await forgetTokensOfUser(user.id);
  await sendPasswordChangedMail(db, {
    to: user.email,
    how: "reset",
    revokedTokens: revoked.tokens,
    revokedApiKeys: revoked.apiKeys,
  });
  return {
    revokedTokens: revoked.tokens,
    revokedApiKeys: revoked.apiKeys,
    includedApiKeys: Boolean(input.revokeApiKeys),
  };
}
