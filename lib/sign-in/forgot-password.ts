import { findUserByEmail, normalizeEmail } from "@/lib/accounts/users";
import { mintResetToken, RESET_TOKEN_TTL_MS } from "@/lib/auth/email-secrets";
import { replaceEmailToken } from "@/lib/auth/email-tokens";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { mayMail } from "@/lib/mail/recent-sends";
import { sendMail } from "@/lib/mail/send-mail";
import { passwordResetEmail } from "@/lib/mail/templates/password-reset";
import { answerNoSoonerThanFloor } from "./uniform-timing";

const RESET_TEMPLATE = "password-reset";

/**
 * Emails a single-use reset token (30 minutes; it replaces any earlier one) when the address has an
 * account. Same answer for unknown and capped addresses (the normalised address, nothing else).
 * Nothing about the account changes until a valid token comes back.
 */
export async function forgotPassword(db: Db, input: { email: string }): Promise<{ email: string }> {
  const email = normalizeEmail(input.email);
  await answerNoSoonerThanFloor(async () => {
    const user = await findUserByEmail(db, email);
    if (!user || !(await mayMail(db, { to: user.email, template: RESET_TEMPLATE }))) return;
    const token = mintResetToken();
    await replaceEmailToken(db, {
      userId: user.id,
      purpose: "reset",
      secret: token,
      ttlMs: RESET_TOKEN_TTL_MS,
    });
    await sendMail(db, {
      to: user.email,
      template: RESET_TEMPLATE,
      ...passwordResetEmail({ appUrl: env().appUrl, email: user.email, token }),
    });
  });
  return { email };
}
