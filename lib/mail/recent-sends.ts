import { and, count, eq, gt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { outboxEmails } from "@/lib/db/schema";

/** Emails of one template to one address per hour (signup, resend, forgot-password). */
export const MAX_MAILS_PER_HOUR = 5;

/**
 * Whether `to` may receive another `template` email this hour. Callers skip the send silently when
 * not, so the cap stops mail-bombing without revealing whether the address has an account; a
 * skipped send also leaves the last code or token mailed valid.
 */
export async function mayMail(db: DbOrTx, input: { to: string; template: string }): Promise<boolean> {
  const [row] = await db
    .select({ n: count() })
    .from(outboxEmails)
    .where(
      and(
        eq(outboxEmails.toAddress, input.to),
        eq(outboxEmails.template, input.template),
        gt(outboxEmails.createdAt, sql`now() - interval '1 hour'`),
      ),
    );
  return (row?.n ?? 0) < MAX_MAILS_PER_HOUR;
}
