/**
 * The common posting's first statement: lock the account's wallet, check it can take the posting
 * and insert the entry with its balance after, in one INSERT … SELECT … FOR UPDATE. It inserts
 * nothing — and the caller takes the general path (ledger.ts) — when the wallet does not exist yet,
 * the entry's (source, external id, kind) is already there, the debit is beyond the balance, or a
 * spending debit meets a suspended wallet; those answers are the general path's to give.
 *
 * Under READ COMMITTED the SELECT … FOR UPDATE waits for a concurrent posting on the wallet and then
 * re-checks its conditions against the row as that posting left it, so the balance after is computed
 * from the latest balance, exactly as lockWallet then appendLocked do.
 */
import { getTableColumns, sql } from "drizzle-orm";
import type { Tx } from "@/lib/db/client";
import { ledgerEntries, wallets } from "@/lib/db/schema/wallet";
import {
  isLedgerAmount,
  type LedgerEntry,
  moveBalance,
  type Posting,
  type PostingResult,
} from "./ledger-append";

export async function appendInOneStep(
  tx: Tx,
  posting: Posting,
  options: { refuseWhenSuspended: boolean },
): Promise<PostingResult | null> {
  const amount = posting.amountMinor;
  if (!isLedgerAmount(amount)) return null;
  const suspended = options.refuseWhenSuspended ? sql` and ${wallets.spendingSuspendedAt} is null` : sql``;
  // Every parameter is cast: a parameter in a SELECT list has no type for PostgreSQL to infer.
  const inserted = await tx.execute(sql`
    insert into ${ledgerEntries} (wallet_id, account_id, amount_minor, balance_after_minor, currency,
      kind, source, external_id, description, actor_user_id, actor_kind, cause_ref, reverses_entry_id, metadata)
    (select ${wallets.id}, ${wallets.accountId}, ${amount}::bigint, ${wallets.balanceMinor} + ${amount}::bigint,
        ${wallets.currency}, ${posting.kind}::text, ${posting.source}::text, ${posting.externalId}::text,
        ${posting.description}::text, ${posting.actor.userId}::uuid, ${posting.actor.kind}::text,
        ${posting.causeRef ?? null}::text, ${posting.reversesEntryId ?? null}::uuid,
        ${JSON.stringify(posting.metadata ?? {})}::jsonb
      from ${wallets}
      where ${wallets.accountId} = ${posting.accountId}::uuid and ${wallets.currency} = 'USD'
        and ${wallets.balanceMinor} + ${amount}::bigint >= 0${suspended}
      for update)
    on conflict (source, external_id, kind) do nothing
    returning *`);
  const row = (inserted as unknown as { rows: Record<string, unknown>[] }).rows[0];
  if (!row) return null;
  const entry = entryOf(row);
  return { entry, wallet: await moveBalance(tx, entry, posting), created: true };
}

/** A raw `returning *` row as drizzle maps a ledger_entry row. */
function entryOf(row: Record<string, unknown>): LedgerEntry {
  const entry: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(ledgerEntries))) {
    const value = row[column.name];
    entry[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return entry as LedgerEntry;
}
