import type { DbOrTx } from "@/lib/db/client";
import { env } from "@/lib/env";
import { sendMail } from "@/lib/mail/send-mail";
import { passwordChangedEmail } from "@/lib/mail/templates/password-changed";

export function sendPasswordChangedMail(
  db: DbOrTx,
  input: { to: string; how: "reset" | "change"; revokedTokens: number; revokedApiKeys?: number },
): Promise<void> {
  return sendMail(db, {
    to: input.to,
    template: "password-changed",
    ...passwordChangedEmail({
      appUrl: env().appUrl,
      how: input.how,
      revokedTokens: input.revokedTokens,
      revokedApiKeys: input.revokedApiKeys ?? 0,
    }),
  });
}
