import { eq, sql } from "drizzle-orm";
import { getUserOrThrow } from "@/lib/accounts/users";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { revokeUserTokens } from "@/lib/auth/revoke-access-tokens";
import { forgetTokensOfUser } from "@/lib/auth/token-cache";
import type { Db } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { sendPasswordChangedMail } from "./password-changed-mail";

export interface ChangePasswordInput {
  userId: string;
  currentTokenId: number;
  currentPassword: string;
  password: string;
  /** Also revoke the user's other access tokens (the calling one keeps working). */
  revokeOtherTokens: boolean;
}

/**
 * Changes the password of a signed-in user, who must prove the current one (a wrong guess counts
 * toward the login soft lock, so a stolen token cannot brute-force it). Mails a notice after commit.
 */
export async function changePassword(db: Db, input: ChangePasswordInput): Promise<{ revokedTokens: number }> {
  const user = await getUserOrThrow(db, input.userId);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await db
      .update(users)
      .set({ failedLoginCount: sql`${users.failedLoginCount} + 1` })
      .where(eq(users.id, user.id));
    throw new AppError("validation_error", "current_password: is incorrect", {
      details: { current_password: ["is incorrect"] },
    });
  }
  const passwordHash = await hashPassword(input.password);
  const revoked = await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, failedLoginCount: 0, updatedAt: sql`now()` })
      .where(eq(users.id, user.id));
    return input.revokeOtherTokens
      ? revokeUserTokens(tx, {
          userId: user.id,
          exceptTokenId: input.currentTokenId,
          reason: "password_changed",
        })
      : 0;
  });
  // Again after the commit: a token lookup during the transaction still saw the old rows.
  await forgetTokensOfUser(user.id);
  await sendPasswordChangedMail(db, { to: user.email, how: "change", revokedTokens: revoked });
  return { revokedTokens: revoked };
}
