/**
 * The owner hears of a dispute twice: when it opens (what is held, what is owed) and when it ends
 * (won or lost). Each transition happens once, so each mail goes once.
 */
import { accountOwner } from "@/lib/accounts/account-owner";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { sendMail } from "@/lib/mail/send-mail";
import { disputeClosedEmail, disputeOpenedEmail } from "@/lib/mail/templates/disputes";
import { formatUsd } from "@/lib/money";
import type { ClawbackOutcome } from "./clawbacks";

/** Mails the owner when a dispute opens and when it ends; each transition happens once. */
export async function mailDisputeOwner(db: Db, outcome: ClawbackOutcome, payment: string): Promise<void> {
  const { row, previousState } = outcome;
  const opened = previousState === null && row.state === "open";
  // A dispute first seen already won held nothing: only one seen open, or first seen lost, ends.
  const ended =
    (previousState === "open" && row.state !== "open") || (previousState === null && row.state === "final");
  if (!opened && !ended) return;
  const person = await accountOwner(db, row.accountId);
  if (!person) return;
  const owedMinor = row.targetMinor - row.takenMinor;
  const owed = owedMinor > 0 ? formatUsd(owedMinor) : null;
  const content = opened
    ? disputeOpenedEmail({
        appUrl: env().appUrl,
        amount: formatUsd(row.amountMinor),
        held: formatUsd(row.takenMinor),
        owed,
        payment,
      })
    : disputeClosedEmail({
        appUrl: env().appUrl,
        amount: formatUsd(row.amountMinor),
        won: row.state === "released",
        owed,
      });
  await sendMail(db, {
    to: person.email,
    template: opened ? "dispute-opened" : "dispute-closed",
    ...content,
  });
  log().info({ dispute_id: row.id, account_id: row.accountId, state: row.state }, "dispute owner notified");
}
