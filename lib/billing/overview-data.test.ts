import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { payments, users } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { dashboardAlerts } from "@/lib/query/alerts";
import { dailyActivity } from "@/lib/wallet/activity";
import { post } from "@/lib/wallet/ledger";
import { listPaymentAttempts } from "@/lib/wallet/payment-attempts";
import { transactionsCsv } from "@/lib/wallet/transactions-csv";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { signedInHuman } from "@/tests/helpers/human";
import { assertLedgerInvariants } from "@/tests/helpers/ledger";

const actor = { userId: null, kind: "system" as const };

for (const kind of availableDatabases()) {
  describe(`overview data from the ledger on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    before(async () => {
      resetEnvCache();
      cleanup = await useFreshDatabase(kind);
    });
    after(async () => {
      await assertLedgerInvariants(await getDb());
      await cleanup();
    });

    test("daily closing balance and net generation spend, zero-filled, UTC days", async () => {
      const { human } = await signedInHuman();
      const db = await getDb();
      const account = human.accountId;
      await post(db, {
        accountId: account,
        amountMinor: 5000,
        kind: "fund",
        source: "stripe",
        externalId: "pi_a",
        description: "Wallet funding",
        actor,
      });
      await post(db, {
        accountId: account,
        amountMinor: -120,
        kind: "usage",
        source: "generation",
        externalId: "g1",
        description: "Generation",
        actor,
      });
      await post(db, {
        accountId: account,
        amountMinor: -80,
        kind: "usage",
        source: "generation",
        externalId: "g2",
        description: "Generation",
        actor,
      });
      await post(db, {
        accountId: account,
        amountMinor: 80,
        kind: "usage_refund",
        source: "generation",
        externalId: "g2",
        description: "Refund",
        actor,
      });
      await post(db, {
        accountId: account,
        amountMinor: -1000,
        kind: "withdrawal",
        source: "system",
        externalId: "w1",
        description: "Withdrawal",
        actor,
      });

      const days = await dailyActivity(db, { accountId: account, days: 7 });
      assert.equal(days.length, 7);
      const today = days.at(-1)!;
      assert.equal(today.day, new Date().toISOString().slice(0, 10));
      assert.deepEqual([today.balanceMinor, today.spentMinor, today.creditedMinor], [3880, 120, 5000]);
      assert.ok(days.slice(0, -1).every((d) => d.balanceMinor === 0 && d.spentMinor === 0));

      // A week later, with nothing new: the balance carries over from before the window.
      const later = await dailyActivity(db, {
        accountId: account,
        days: 3,
        now: new Date(Date.now() + 7 * 86_400_000),
      });
      assert.deepEqual(
        later.map((d) => [d.balanceMinor, d.spentMinor]),
        [
          [3880, 0],
          [3880, 0],
          [3880, 0],
        ],
      );
    });

    test("CSV: every row, signed two-decimal amounts, formula-looking text neutralised", async () => {
      const { human } = await signedInHuman();
      const db = await getDb();
      await post(db, {
        accountId: human.accountId,
        amountMinor: 2500,
        kind: "fund",
        source: "stripe",
        externalId: "pi_csv",
        description: '=HYPERLINK("http://x","click"), "quoted"',
        actor,
      });
      await post(db, {
        accountId: human.accountId,
        amountMinor: -5,
        kind: "usage",
        source: "generation",
        externalId: "g_csv",
        description: "Generation",
        actor,
      });
      const csv = await transactionsCsv(db, { accountId: human.accountId });
      const lines = csv.trimEnd().split("\r\n");
      assert.equal(
        lines[0],
        "date,id,type,kind,description,amount_usd,balance_after_usd,currency,actor,source,reference",
      );
      assert.equal(lines.length, 3);
      assert.match(lines[1]!, /,debit,usage,Generation,-0\.05,24\.95,USD,system,generation,g_csv$/);
      assert.match(
        lines[2]!,
        /,credit,fund,"'=HYPERLINK\(""http:\/\/x"",""click""\), ""quoted""",25\.00,25\.00,/,
      );
      const debits = await transactionsCsv(db, { accountId: human.accountId, type: "debit" });
      assert.equal(debits.trimEnd().split("\r\n").length, 2);
    });

    test("alerts: empty wallet, under the person's threshold, a recent failure, a payment to authenticate", async () => {
      const { human } = await signedInHuman();
      const db = await getDb();
      const ids = async () => (await dashboardAlerts(db, human)).map((a) => a.id.split("-")[0]);
      assert.deepEqual(await ids(), ["balance"]);
      await post(db, {
        accountId: human.accountId,
        amountMinor: 900,
        kind: "fund",
        source: "stripe",
        externalId: "pi_alert",
        description: "Wallet funding",
        actor,
      });
      assert.deepEqual(await ids(), [], "no threshold set: $9 is not an alert");
      await db
        .update(users)
        .set({ walletNotificationEnabled: true, walletNotificationThresholdMinor: 1000 })
        .where(eq(users.id, human.userId));
      const [low] = await dashboardAlerts(db, human);
      assert.equal(low?.id, "balance-low");
      assert.match(low?.text ?? "", /\$9\.00.+\$10\.00/);

      await db.insert(payments).values([
        {
          id: "pi_failed_x",
          accountId: human.accountId,
          purpose: "fund",
          amountMinor: 2500,
          status: "failed",
          failureMessage: "Your card was declined.",
        },
        {
          id: "pi_pending_x",
          accountId: human.accountId,
          purpose: "fund",
          amountMinor: 1500,
          status: "requires_action",
          actorKind: "agent",
        },
      ]);
      const alerts = await dashboardAlerts(db, human);
      assert.deepEqual(
        alerts.map((a) => a.id),
        ["balance-low", "pending-pi_pending_x", "failed-pi_failed_x"],
      );
      assert.match(alerts[1]!.text, /\$15\.00 requested by an agent/);
      assert.ok(alerts[1]!.action?.href.endsWith("/pay/authenticate/pi_pending_x"));
      assert.match(alerts[2]!.text, /Your card was declined/);

      const attempts = await listPaymentAttempts(db, { accountId: human.accountId, limit: 10 });
      assert.deepEqual(attempts.map((a) => [a.id, a.status, a.amountMinor]).sort(), [
        ["pi_failed_x", "failed", 2500],
        ["pi_pending_x", "requires_action", 1500],
      ]);
      const stranger = await signedInHuman();
      assert.deepEqual(await listPaymentAttempts(db, { accountId: stranger.human.accountId, limit: 10 }), []);
    });
  });
}
