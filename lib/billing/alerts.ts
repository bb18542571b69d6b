/**
 * What the overview flags for attention: a low balance, a payment that failed recently, payments
 * waiting for a person to authenticate (3-D Secure), and a subscription whose renewal failed.
 */
import { and, desc, eq, gt, inArray } from "drizzle-orm";
import { getUserOrThrow } from "@/lib/accounts/users";
import type { Db } from "@/lib/db/client";
import { subscriptions } from "@/lib/db/schema/subscriptions";
import { payments } from "@/lib/db/schema/wallet";
import { formatUsd } from "@/lib/money";
import { authenticationUrl } from "@/lib/payments/intent-outcome";
import { ensureWallet } from "@/lib/wallet/ledger";

export type AlertTone = "warning" | "danger" | "info";

export interface DashboardAlert {
  id: string;
  tone: AlertTone;
  title: string;
  text: string;
  action: { label: string; href: string } | null;
}

const RECENT_FAILURE_MS = 7 * 86_400_000;

export async function dashboardAlerts(
  db: Db,
  input: { accountId: string; userId: string; now?: Date },
): Promise<DashboardAlert[]> {
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

  const alerts: DashboardAlert[] = [];
  const threshold = user.walletNotificationEnabled ? user.walletNotificationThresholdMinor : null;
  if (wallet.balanceMinor === 0) {
    alerts.push({
      id: "balance-empty",
      tone: "warning",
      title: "Your wallet is empty",
      text: "Agents on this account cannot generate until the wallet has money in it.",
      action: { label: "Fund the wallet", href: "/dashboard/wallet" },
    });
  } else if (threshold !== null && wallet.balanceMinor < threshold) {
    alerts.push({
      id: "balance-low",
      tone: "warning",
      title: "Low balance",
      text: `The balance is ${formatUsd(wallet.balanceMinor)}, under your alert threshold of ${formatUsd(threshold)}.`,
      action: { label: "Fund the wallet", href: "/dashboard/wallet" },
    });
  }
  for (const p of pending) {
    alerts.push({
      id: `pending-${p.id}`,
      tone: "info",
      title: "A payment is waiting for authentication",
      text: `${formatUsd(p.amountMinor)}${p.actorKind === "agent" ? " requested by an agent" : ""} needs 3-D Secure from the card holder.`,
      action: { label: "Authenticate", href: authenticationUrl(p.id) },
    });
  }
  const [lastFailure] = failed;
  if (lastFailure) {
    alerts.push({
      id: `failed-${lastFailure.id}`,
      tone: "danger",
      title: "A payment failed",
      text: `${formatUsd(lastFailure.amountMinor)} on ${lastFailure.updatedAt.toISOString().slice(0, 10)}: ${lastFailure.failureMessage ?? "the card was declined"}.`,
      action: { label: "Check your cards", href: "/dashboard/payment-methods" },
    });
  }
  const [sub] = troubled;
  if (sub) {
    alerts.push({
      id: `subscription-${sub.id}`,
      tone: "danger",
      title: "A subscription payment failed",
      text: "The last renewal could not be charged. Update the card to keep the plan.",
      action: { label: "Manage the plan", href: "/dashboard/plans" },
    });
  }
  return alerts;
}
