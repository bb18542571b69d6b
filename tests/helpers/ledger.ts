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
  const counted = (await db.execute(sql`
    select w.id, w.credit_count::int as credits, w.debit_count::int as debits,
           count(e.id) filter (where e.amount_minor > 0)::int as credit_entries,
           count(e.id) filter (where e.amount_minor < 0)::int as debit_entries
    from wallet w left join ledger_entry e on e.wallet_id = w.id
    group by w.id`)) as unknown as Rows<{
    id: string;
    credits: number;
    debits: number;
    credit_entries: number;
    debit_entries: number;
  }>;
  for (const row of counted.rows) {
    assert.deepEqual(
      [row.credits, row.debits],
      [row.credit_entries, row.debit_entries],
      `wallet ${row.id}: its entry counts match its ledger`,
    );
  }
  await assertClawbackInvariants(db);
  const actors = await db.execute(sql`select count(*)::int as n from ledger_entry where actor_kind is null`);
  assert.equal(
    (actors as unknown as { rows: Array<{ n: number }> }).rows[0]?.n,
    0,
    "LEDGER-08: every entry has an actor",
  );
}

type Rows<T> = { rows: T[] };

/**
 * Refunds and disputes (lib/wallet/clawbacks.ts): what each has taken equals the sum of its ledger
 * entries, never more than it owes; a purchase's bonus is never taken back beyond what it earned;
 * and a wallet is suspended exactly while a dispute is open or a clawback is unpaid.
 */
async function assertClawbackInvariants(db: Db): Promise<void> {
  const moved = (await db.execute(sql`
    select c.id, c.taken_minor::text as taken, c.target_minor::text as target,
           coalesce(-sum(e.amount_minor), 0)::text as entries
    from clawback c left join ledger_entry e on e.source = 'stripe'
      and e.kind in ('refund', 'refund_failed', 'dispute', 'dispute_release')
      and (e.external_id = c.id or e.external_id like c.id || ':%')
    group by c.id, c.taken_minor, c.target_minor`)) as unknown as Rows<{
    id: string;
    taken: string;
    target: string;
    entries: string;
  }>;
  for (const row of moved.rows) {
    assert.equal(row.entries, row.taken, `clawback ${row.id}: its entries add up to what it took`);
    assert.ok(BigInt(row.taken) <= BigInt(row.target), `clawback ${row.id} took no more than it owes`);
  }
  const bonuses = (await db.execute(sql`
    select c.payment_intent_id as pi, sum(c.bonus_minor)::text as taken, max(e.amount_minor)::text as earned
    from clawback c
    join coupon_redemption r on r.payment_intent_id = c.payment_intent_id and r.ledger_entry_id is not null
    join ledger_entry e on e.id = r.ledger_entry_id
    where c.state = 'final'
    group by c.payment_intent_id`)) as unknown as Rows<{ pi: string; taken: string; earned: string }>;
  for (const row of bonuses.rows) {
    assert.ok(
      BigInt(row.taken) <= BigInt(row.earned),
      `purchase ${row.pi}: bonus taken back <= bonus earned`,
    );
  }
  const suspension = (await db.execute(sql`
    select w.id, w.spending_suspended_reason as reason,
      exists (select 1 from clawback c where c.account_id = w.account_id and c.kind = 'dispute' and c.state = 'open') as open_dispute,
      exists (select 1 from clawback c where c.account_id = w.account_id and c.taken_minor < c.target_minor) as unpaid
    from wallet w`)) as unknown as Rows<{
    id: string;
    reason: string | null;
    open_dispute: boolean;
    unpaid: boolean;
  }>;
  for (const row of suspension.rows) {
    const expected = row.open_dispute ? "dispute_open" : row.unpaid ? "unpaid_clawback" : null;
    assert.equal(
      row.reason,
      expected,
      `wallet ${row.id}: suspended exactly while a dispute is open or money is owed`,
    );
  }
}
