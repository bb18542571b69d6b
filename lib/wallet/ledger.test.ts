import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { accounts } from "@/lib/db/schema/accounts";
import { ledgerEntries, wallets } from "@/lib/db/schema/wallet";
import { AppError } from "@/lib/errors";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { assertLedgerInvariants } from "@/tests/helpers/ledger";
import { ensureWallet, type Posting, post } from "./ledger";

async function newAccount(): Promise<string> {
  const db = await getDb();
  const [row] = await db
    .insert(accounts)
    .values({ kind: "personal", name: "Ledger test", username: `ledger_${randomUUID().slice(0, 8)}` })
    .returning({ id: accounts.id });
  return row!.id;
}

const credit = (accountId: string, amountMinor: number, externalId: string = randomUUID()): Posting => ({
  accountId,
  amountMinor,
  kind: "fund",
  source: "stripe",
  externalId,
  description: "test credit",
  actor: { userId: null, kind: "system" },
});

const debit = (accountId: string, amountMinor: number): Posting => ({
  ...credit(accountId, -amountMinor),
  kind: "usage",
  source: "generation",
});

for (const kind of availableDatabases()) {
  describe(`ledger on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    before(async () => {
      cleanup = await useFreshDatabase(kind);
    });
    after(async () => {
      await assertLedgerInvariants(await getDb());
      await cleanup();
    });

    test("MONEY-01: 100 parallel credits of $10 with distinct references → exactly $1,000", async () => {
      const db = await getDb();
      const accountId = await newAccount();
      await Promise.all(Array.from({ length: 100 }, () => post(db, credit(accountId, 1000))));
      const wallet = await ensureWallet(db, accountId);
      assert.equal(wallet.balanceMinor, 100_000);
      assert.equal(wallet.totalCreditedMinor, 100_000);
      await assertLedgerInvariants(db);
    });

    test("the same external reference credits once, even 20 times at once", async () => {
      const db = await getDb();
      const accountId = await newAccount();
      const results = await Promise.all(
        Array.from({ length: 20 }, () => post(db, credit(accountId, 2500, "pi_same"))),
      );
      assert.equal(results.filter((r) => r.created).length, 1);
      assert.equal(new Set(results.map((r) => r.entry.id)).size, 1);
      assert.equal((await ensureWallet(db, accountId)).balanceMinor, 2500);
    });

    test("MONEY-02: balance $100, 20 parallel $10 debits → exactly 10 succeed, never below 0", async () => {
      const db = await getDb();
      const accountId = await newAccount();
      await post(db, credit(accountId, 10_000));
      let lowest = Number.POSITIVE_INFINITY;
      let polling = true;
      const poller = (async () => {
        while (polling) {
          const [w] = await db
            .select({ b: wallets.balanceMinor })
            .from(wallets)
            .where(eq(wallets.accountId, accountId));
          lowest = Math.min(lowest, w?.b ?? 0);
          await new Promise((r) => setTimeout(r, 2));
        }
      })();
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => post(db, debit(accountId, 1000))),
      );
      polling = false;
      await poller;
      assert.equal(results.filter((r) => r.status === "fulfilled").length, 10);
      const failures = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
      assert.equal(failures.length, 10);
      for (const f of failures)
        assert.ok(f.reason instanceof AppError && f.reason.code === "insufficient_balance");
      assert.equal((await ensureWallet(db, accountId)).balanceMinor, 0);
      assert.ok(lowest >= 0);
    });

    test("LEDGER-03/04: the CHECK fires on a negative balance; entries cannot be updated or deleted", async () => {
      const db = await getDb();
      const accountId = await newAccount();
      const { entry, wallet } = await post(db, credit(accountId, 500));
      // Drizzle wraps the driver's error; the database's own message is in `cause`.
      const dbError = (pattern: RegExp) => (e: unknown) =>
        pattern.test(String((e as { cause?: Error }).cause?.message));
      await assert.rejects(
        db.update(wallets).set({ balanceMinor: -1 }).where(eq(wallets.id, wallet.id)),
        dbError(/wallet_balance_non_negative/),
      );
      await assert.rejects(
        db.update(ledgerEntries).set({ amountMinor: 1 }).where(eq(ledgerEntries.id, entry.id)),
        dbError(/append-only/),
      );
      await assert.rejects(
        db.delete(ledgerEntries).where(eq(ledgerEntries.id, entry.id)),
        dbError(/append-only/),
      );
    });

    test("LEDGER-05: money columns are bigint", async () => {
      const db = await getDb();
      const result = await db.execute(sql`
        select table_name, column_name, data_type from information_schema.columns
        where table_schema = 'public' and column_name like '%minor%'`);
      const rows = (result as unknown as { rows: Array<{ data_type: string; column_name: string }> }).rows;
      assert.ok(rows.length >= 8);
      for (const row of rows) assert.equal(row.data_type, "bigint", row.column_name);
    });
  });
}
