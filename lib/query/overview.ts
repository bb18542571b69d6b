/** The overview page's reads for the signed-in person: balance, daily activity and usage, alerts, plan. */
import "server-only";
import type { Human } from "@/lib/auth/dashboard-sessions";
import { getDb } from "@/lib/db/client";
import { planQuotaStatus } from "@/lib/subscriptions/quota";
import { dailyUsage } from "@/lib/usage/daily";
import { dailyActivity } from "@/lib/wallet/activity";
import { ensureWallet } from "@/lib/wallet/ledger";
import { listTransactions } from "@/lib/wallet/queries";
import { dashboardAlerts } from "./alerts";

export async function loadOverview(human: Human, input: { days: number }) {
  const db = await getDb();
  const [wallet, activity, recent, alerts, quota, usage] = await Promise.all([
    ensureWallet(db, human.accountId),
    dailyActivity(db, { accountId: human.accountId, days: input.days }),
    listTransactions(db, { accountId: human.accountId, limit: 5, offset: 0 }),
    dashboardAlerts(db, { accountId: human.accountId, userId: human.userId }),
    planQuotaStatus(db, human.accountId),
    dailyUsage(db, { accountId: human.accountId, days: input.days }),
  ]);
  return { wallet, activity, recent, alerts, quota, usage };
}
