/** The email to a team's owners and admins when a member's request is held for them. */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { accounts, memberships, users } from "@/lib/db/schema/accounts";
import type { ApprovalRequest } from "@/lib/db/schema/approvals";
import { env } from "@/lib/env";
import { sendMail } from "@/lib/mail/send-mail";
import { approvalRequestedEmail } from "@/lib/mail/templates/approvals";

export async function notifyAdmins(
  db: Db,
  approval: ApprovalRequest & { requesterEmail: string; requesterName: string },
): Promise<void> {
  const deciders = await db
    .select({ email: users.email, teamName: accounts.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(and(eq(memberships.accountId, approval.accountId), inArray(memberships.role, ["owner", "admin"])));
  for (const decider of deciders) {
    await sendMail(db, {
      to: decider.email,
      template: "approval_requested",
      ...approvalRequestedEmail({
        appUrl: env().appUrl,
        approvalId: approval.id,
        teamName: decider.teamName,
        requester: approval.requesterName || approval.requesterEmail,
        device: approval.requesterLabel,
        summary: approval.summary,
        expiresAt: approval.expiresAt,
      }),
    });
  }
}
