/** The local mailbox (/dev/mailbox): outbox messages, newest first. Local mode only; callers check. */
import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { outboxEmails } from "@/lib/db/schema";

export interface MailboxMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  created_at: string;
}

export async function listMailbox(
  db: DbOrTx,
  input: { to?: string | undefined; limit: number },
): Promise<MailboxMessage[]> {
  const rows = await db
    .select()
    .from(outboxEmails)
    .where(
      and(
        eq(outboxEmails.transport, "outbox"),
        isNotNull(outboxEmails.text),
        input.to ? eq(outboxEmails.toAddress, input.to.trim().toLowerCase()) : undefined,
      ),
    )
    .orderBy(desc(outboxEmails.createdAt), desc(outboxEmails.id))
    .limit(input.limit);
  return rows.map((r) => ({
    id: r.id,
    to: r.toAddress,
    subject: r.subject,
    text: r.text ?? "",
    html: r.html ?? "",
    created_at: r.createdAt.toISOString(),
  }));
}
