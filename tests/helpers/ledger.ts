/** The ledger invariants of reliability.md §10.10, checked after money tests. */
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";

export async function assertLedgerInvariants(db: Db): Promise<void> {
  const result = await db.execute(sql`
    select w.id, w.balance_minor::text as balance, coalesce(sum(e.amount_minor), 0)::text as total,
           coalesce(min(e.balance_after_minor), 0)::text as lowest_after
    from wallet w left join ledger_entry e on e.wallet_id = w.id
    group by w.id, w.balance_minor`);
  const rows = (
    result as unknown as { rows: Array<{ id: string; balance: string; total: string; lowest_after: string }> }
  ).rows;
  for (const row of rows) {
    assert.equal(
      row.balance,
      row.total,
      `LEDGER-02: wallet ${row.id} cached balance equals the sum of its entries`,
    );
    assert.ok(BigInt(row.balance) >= 0n, `LEDGER-03: wallet ${row.id} is not negative`);
    assert.ok(BigInt(row.lowest_after) >= 0n, `LEDGER-03: no entry of wallet ${row.id} left it negative`);
  }
  const actors = await db.execute(sql`select count(*)::int as n from ledger_entry where actor_kind is null`);
  assert.equal(
    (actors as unknown as { rows: Array<{ n: number }> }).rows[0]?.n,
    0,
    "LEDGER-08: every entry has an actor",
  );
}
