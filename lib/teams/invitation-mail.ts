import type { DbOrTx } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { MailMessage } from "@/lib/mail/message";
import { invitationEmail } from "@/lib/mail/templates/invitation";
import { teamAccount } from "./roster";

export const INVITATION_TEMPLATE = "team-invitation";
/** An invitation works for a week after its latest email. */
export const INVITATION_TTL_MS = 7 * 86_400_000;

export async function invitationMail(
  db: DbOrTx,
  input: {
    accountId: string;
    inviterName: string;
    role: string;
    inviteId: string;
    email: string;
    expiresAt: Date;
  },
): Promise<MailMessage> {
  const team = await teamAccount(db, input.accountId);
  return {
    to: input.email,
    template: INVITATION_TEMPLATE,
    ...invitationEmail({ appUrl: env().appUrl, teamName: team.name, ...input }),
  };
}
