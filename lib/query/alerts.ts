/** The overview's alerts, worded for the person reading the dashboard. */
import "server-only";
import { type AccountAlert, accountAlerts } from "@/lib/billing/alerts";
import type { Db } from "@/lib/db/client";
import { formatUsd } from "@/lib/money";
import { authenticationUrl } from "@/lib/payments/intent-outcome";

export type AlertTone = "warning" | "danger" | "info";

export interface DashboardAlert {
  id: string;
  tone: AlertTone;
  title: string;
  text: string;
  action: { label: string; href: string } | null;
}

const FUND = { label: "Fund the wallet", href: "/dashboard/wallet" };

function word(alert: AccountAlert): DashboardAlert {
  switch (alert.kind) {
    case "balance_empty":
      return {
        id: "balance-empty",
        tone: "warning",
        title: "Your wallet is empty",
        text: "Agents on this account cannot generate until the wallet has money in it.",
        action: FUND,
      };
    case "balance_low":
      return {
        id: "balance-low",
        tone: "warning",
        title: "Low balance",
        text: `The balance is ${formatUsd(alert.balanceMinor)}, under your alert threshold of ${formatUsd(alert.thresholdMinor)}.`,
        action: FUND,
      };
    case "payment_awaiting_action":
      return {
        id: `pending-${alert.paymentIntentId}`,
        tone: "info",
        title: "A payment is waiting for authentication",
        text: `${formatUsd(alert.amountMinor)}${alert.requestedByAgent ? " requested by an agent" : ""} needs 3-D Secure from the card holder.`,
        action: { label: "Authenticate", href: authenticationUrl(alert.paymentIntentId) },
      };
    case "payment_failed":
      return {
        id: `failed-${alert.paymentIntentId}`,
        tone: "danger",
        title: "A payment failed",
        text: `${formatUsd(alert.amountMinor)} on ${alert.failedAt.toISOString().slice(0, 10)}: ${alert.failureMessage ?? "the card was declined"}.`,
        action: { label: "Check your cards", href: "/dashboard/payment-methods" },
      };
    case "subscription_payment_failed":
      return {
        id: `subscription-${alert.subscriptionId}`,
        tone: "danger",
        title: "A subscription payment failed",
        text: "The last renewal could not be charged. Update the card to keep the plan.",
        action: { label: "Manage the plan", href: "/dashboard/plans" },
      };
  }
}

export async function dashboardAlerts(
  db: Db,
  input: { accountId: string; userId: string; now?: Date },
): Promise<DashboardAlert[]> {
  return (await accountAlerts(db, input)).map(word);
}
