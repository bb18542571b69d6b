/**
 * What needs the account's attention: a low balance, a payment that failed recently, payments
 * waiting for a person to authenticate (3-D Secure), and a subscription whose renewal failed.
 * The dashboard words them for people (lib/query/alerts.ts).
 */
import { and, desc, eq, gt, inArray } from "drizzle-orm";
import { getUserOrThrow } from "@/lib/accounts/users";
import type { Db } from "@/lib/db/client";
import { subscriptions } from "@/lib/db/schema/subscriptions";
import { payments } from "@/lib/db/schema/wallet";
import { ensureWallet } from "@/lib/wallet/ledger";

export type AccountAlert =
  | { kind: "balance_empty" }
  /** Under the person's own low-balance threshold. */
  | { kind: "balance_low"; balanceMinor: number; thresholdMinor: number }
  | {
      kind: "payment_awaiting_action";
      paymentIntentId: string;
      amountMinor: number;
      requestedByAgent: boolean;
    }
  | {
      kind: "payment_failed";
      paymentIntentId: string;
      amountMinor: number;
      failedAt: Date;
      /** The bank's words, when Stripe gave them. */
      failureMessage: string | null;
    }
  | { kind: "subscription_payment_failed"; subscriptionId: number };

const RECENT_FAILURE_MS = 7 * 86_400_000;

/** Most pressing first: the balance, payments to authenticate (newest 5), the last failure, a subscription. */
export async function accountAlerts(
  db: Db,
  input: { accountId: string; userId: string; now?: Date },
): Promise<AccountAlert[]> {
  const now = input.now ?? new Date();
  const [wallet, user, pending, failed, troubled] = await Promise.all([
    ensureWallet(db, input.accountId),
    getUserOrThrow(db, input.userId),
    db
      .select()
      .from(payments)
      .where(and(eq(payments.accountId, input.accountId), eq(payments.status, "requires_action")))
      .orderBy(desc(payments.createdAt))
      .limit(5),
    db
      .select()
      .from(payments)
      .where(
        and(
          eq(payments.accountId, input.accountId),
          eq(payments.status, "failed"),
          gt(payments.updatedAt, new Date(now.getTime() - RECENT_FAILURE_MS)),
        ),
      )
      .orderBy(desc(payments.updatedAt))
      .limit(1),
    db
      .select()
      .from(subscriptions)
      .where(
        and(
          eq(subscriptions.accountId, input.accountId),
          inArray(subscriptions.status, ["past_due", "unpaid"]),
        ),
      )
      .limit(1),
  ]);

  const alerts: AccountAlert[] = [];
  const threshold = user.walletNotificationEnabled ? user.walletNotificationThresholdMinor : null;
  if (wallet.balanceMinor === 0) {
    alerts.push({ kind: "balance_empty" });
  } else if (threshold !== null && wallet.balanceMinor < threshold) {
    alerts.push({ kind: "balance_low", balanceMinor: wallet.balanceMinor, thresholdMinor: threshold });
  }
  for (const p of pending) {
    alerts.push({
      kind: "payment_awaiting_action",
      paymentIntentId: p.id,
      amountMinor: p.amountMinor,
      requestedByAgent: p.actorKind === "agent",
    });
  }
  const [lastFailure] = failed;
  if (lastFailure) {
    alerts.push({
      kind: "payment_failed",
      paymentIntentId: lastFailure.id,
      amountMinor: lastFailure.amountMinor,
      failedAt: lastFailure.updatedAt,
      failureMessage: lastFailure.failureMessage,
    });
  }
  const [sub] = troubled;
  if (sub) alerts.push({ kind: "subscription_payment_failed", subscriptionId: sub.id });
  return alerts;
}
