import { findUserByEmail, normalizeEmail } from "@/lib/accounts/users";
import type { Db } from "@/lib/db/client";
import { sendMail } from "@/lib/mail/send-mail";
import { answerNoSoonerThanFloor } from "./uniform-timing";
import { prepareVerificationMail } from "./verification-mail";

/**
 * Emails a new verification code (which replaces older ones) when the address belongs to an
 * unverified user. Answers the same for unknown, verified and capped addresses (the normalised
 * address, nothing else).
 */
export async function resendVerification(db: Db, input: { email: string }): Promise<{ email: string }> {
  const email = normalizeEmail(input.email);
  await answerNoSoonerThanFloor(async () => {
    const user = await findUserByEmail(db, email);
    if (!user || user.verifiedAt) return;
    const mail = await db.transaction((tx) => prepareVerificationMail(tx, user));
    if (mail) await sendMail(db, mail);
  });
  return { email };
}
