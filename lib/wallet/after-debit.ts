/**
 * Runs after money leaves a wallet (usage, refunds, withdrawals): auto-funding first, then the
 * low-balance alert the owner asked for in /me/preferences. Alerts go out once per low-balance
 * episode — again only after money has come in since the last alert. Never throws.
 */
import { and, desc, eq, gt } from "drizzle-orm";
import { accountOwner } from "@/lib/accounts/account-owner";
import type { Db } from "@/lib/db/client";
import { ledgerEntries, wallets } from "@/lib/db/schema/wallet";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { sendMail } from "@/lib/mail/send-mail";
import { autoFundingFailedEmail, lowBalanceEmail } from "@/lib/mail/templates/wallet";
import { formatUsd } from "@/lib/money";
import { maybeAutoFund } from "./auto-funding";
import { ensureWallet } from "./ledger";

export async function afterDebit(db: Db, accountId: string): Promise<void> {
  try {
    const before = await ensureWallet(db, accountId);
    const outcome = await maybeAutoFund(db, accountId, before);
    const person = await accountOwner(db, accountId);
    if (!person) return;
    // Read again only when a top-up was tried: the common debit costs two reads, not three.
    const wallet = outcome === "not_needed" ? before : await ensureWallet(db, accountId);
    if (outcome === "failed" || outcome === "requires_action") {
      await sendMail(db, {
        to: person.email,
        template: "auto-funding-failed",
        ...autoFundingFailedEmail({
          appUrl: env().appUrl,
          amount: formatUsd(wallet.autoFundingAmountMinor ?? 0),
          reason:
            outcome === "requires_action"
              ? "your bank asked for authentication, which needs you present"
              : "the card was declined",
        }),
      });
    }
    if (
      !person.walletNotificationEnabled ||
      person.walletNotificationThresholdMinor === null ||
      wallet.balanceMinor >= person.walletNotificationThresholdMinor
    )
      return;
    if (wallet.lowBalanceAlertedAt) {
      const [creditSince] = await db
        .select({ id: ledgerEntries.id })
        .from(ledgerEntries)
        .where(
          and(
            eq(ledgerEntries.walletId, wallet.id),
            gt(ledgerEntries.amountMinor, 0),
            gt(ledgerEntries.createdAt, wallet.lowBalanceAlertedAt),
          ),
        )
        .orderBy(desc(ledgerEntries.seq))
        .limit(1);
      if (!creditSince) return;
    }
    await db.update(wallets).set({ lowBalanceAlertedAt: new Date() }).where(eq(wallets.id, wallet.id));
    await sendMail(db, {
      to: person.email,
      template: "low-balance",
      ...lowBalanceEmail({
        appUrl: env().appUrl,
        balance: formatUsd(wallet.balanceMinor),
        threshold: formatUsd(person.walletNotificationThresholdMinor),
      }),
    });
  } catch (error) {
    log().warn({ account_id: accountId, err: String(error) }, "after-debit follow-up failed");
  }
}
