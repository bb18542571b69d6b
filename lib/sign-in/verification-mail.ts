import { mintVerificationCode, VERIFICATION_CODE_TTL_MS } from "@/lib/auth/email-secrets";
import { replaceEmailToken } from "@/lib/auth/email-tokens";
import type { DbOrTx } from "@/lib/db/client";
import type { User } from "@/lib/db/schema";
import { env } from "@/lib/env";
import type { MailMessage } from "@/lib/mail/message";
import { mayMail } from "@/lib/mail/recent-sends";
import { type RepeatedSignup, verificationEmail } from "@/lib/mail/templates/verification";

const VERIFY_TEMPLATE = "verify-email";

/**
 * Issues a new code for an unverified user (superseding older ones) and returns the email to send
 * once the caller's transaction commits, or null when the address has had its hourly share (the
 * last code mailed then stays valid).
 */
export async function prepareVerificationMail(
  tx: DbOrTx,
  user: User,
  options: { repeatedSignup?: RepeatedSignup } = {},
): Promise<MailMessage | null> {
  if (!(await mayMail(tx, { to: user.email, template: VERIFY_TEMPLATE }))) return null;
  const code = mintVerificationCode();
  await replaceEmailToken(tx, {
    userId: user.id,
    purpose: "verify",
    secret: code,
    ttlMs: VERIFICATION_CODE_TTL_MS,
  });
  return {
    to: user.email,
    template: VERIFY_TEMPLATE,
    ...verificationEmail({ appUrl: env().appUrl, name: user.name, code, ...options }),
  };
}
