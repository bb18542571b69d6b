/**
 * Sends one email. Call it after the transaction that decided to send it has committed.
 * - Outbox mode (no SMTP_URL): the message is stored with its body, logged, and readable at
 *   /dev/mailbox in local mode.
 * - SMTP mode: only the envelope is stored; delivery runs in the background so a slow or down mail
 *   server neither delays the response (which would also let timing tell known emails from unknown
 *   ones) nor fails a request whose real work is done. The outbox row records sent_at or the error.
 * Never throws: a mail failure is logged, not turned into a 5xx.
 */
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { outboxEmails } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import type { MailMessage } from "./message";
import { smtpTransport } from "./smtp-transport";

const inFlight = new Set<Promise<void>>();

export async function sendMail(db: DbOrTx, message: MailMessage): Promise<void> {
  const config = env().mail;
  try {
    if (config.kind === "outbox") {
      await db.insert(outboxEmails).values({
        toAddress: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        template: message.template,
        transport: "outbox",
        sentAt: sql`now()`,
      });
      // The envelope only: the body carries codes and reset tokens, which stay in the outbox
      // (read at /dev/mailbox) and never reach a log.
      log().info(
        { mail_to: message.to, template: message.template, subject: message.subject },
        "mail written to the outbox (no SMTP_URL); read it at /dev/mailbox",
      );
      return;
    }
    const [row] = await db
      .insert(outboxEmails)
      .values({
        toAddress: message.to,
        subject: message.subject,
        template: message.template,
        transport: "smtp",
      })
      .returning({ id: outboxEmails.id });
    const delivery = deliver(db, config.url, config.from, message, row?.id);
    inFlight.add(delivery);
    void delivery.finally(() => inFlight.delete(delivery));
  } catch (error) {
    log().error({ err: String(error), mail_to: message.to, template: message.template }, "mail not sent");
  }
}

async function deliver(
  db: DbOrTx,
  url: string,
  from: string,
  message: MailMessage,
  outboxId: string | undefined,
): Promise<void> {
  let outcome: { sentAt: Date } | { error: string };
  try {
    await smtpTransport(url).sendMail({
      from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
    });
    outcome = { sentAt: new Date() };
  } catch (error) {
    outcome = { error: error instanceof Error ? error.message : String(error) };
    log().error(
      { err: outcome.error, mail_to: message.to, template: message.template },
      "SMTP delivery failed",
    );
  }
  if (!outboxId) return;
  await db
    .update(outboxEmails)
    .set(outcome)
    .where(eq(outboxEmails.id, outboxId))
    .catch(() => {});
}

/** Waits for background SMTP deliveries (tests and graceful shutdown). */
export async function flushMail(): Promise<void> {
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
}
