/**
 * The only writer of money. Each posting locks the wallet row, appends one entry and moves the
 * cached balance in the same transaction. A posting whose (source, external id, kind) already
 * exists is a no-op that returns the existing entry: exactly-once, whoever calls first.
 *
 * Two rules come from clawbacks (refunds and disputes, clawback-settle.ts): a wallet whose spending
 * is suspended refuses spending debits (403 `account_suspended`), and money coming into it first
 * pays what it owes, so the suspension lifts as soon as it is covered.
 */
import type { DbOrTx, Tx } from "@/lib/db/client";
import type { LedgerKind } from "@/lib/db/schema/wallet";
import { collectShortfallsInTx, refreshSuspensionInTx } from "./clawback-settle";
import { appendLocked, findEntry, lockWallet, type Posting, type PostingResult } from "./ledger-append";
import { appendInOneStep } from "./ledger-one-step";
import { accountSuspended } from "./suspension";

export type { LedgerEntry, Posting, PostingResult, Wallet } from "./ledger-append";
export { ensureWallet, InsufficientBalance } from "./ledger-append";

/** Debits an account chooses to make; refused while its spending is suspended. */
const SPENDING_KINDS: ReadonlySet<LedgerKind> = new Set(["usage", "withdrawal"]);

/**
 * Posts inside the caller's transaction. Debits beyond the balance throw `insufficient_balance`.
 * A new entry on an existing wallet takes two statements (ledger-one-step.ts), plus its audit entry.
 */
export async function postInTx(tx: Tx, posting: Posting): Promise<PostingResult> {
  const refuseWhenSuspended = posting.amountMinor < 0 && SPENDING_KINDS.has(posting.kind);
  const result =
    (await appendInOneStep(tx, posting, { refuseWhenSuspended })) ??
    (await postLocked(tx, posting, refuseWhenSuspended));
  if (!result.created || posting.amountMinor < 0 || !result.wallet.spendingSuspendedAt) return result;
  const collected = await collectShortfallsInTx(tx, result.wallet, posting.causeRef ?? posting.externalId);
  return { ...result, wallet: await refreshSuspensionInTx(tx, collected) };
}

/** The general path: an account's first posting, a repeat of an entry, or a refusal. */
async function postLocked(tx: Tx, posting: Posting, refuseWhenSuspended: boolean): Promise<PostingResult> {
  // The row lock serialises every posting on this wallet, so the checks below cannot race.
  const wallet = await lockWallet(tx, posting.accountId);
  const existing = await findEntry(tx, posting);
  if (existing) return { entry: existing, wallet, created: false };
  if (refuseWhenSuspended && wallet.spendingSuspendedAt) throw accountSuspended(wallet);
  return appendLocked(tx, wallet, posting);
}

/** Posts in its own transaction. */
export async function post(db: DbOrTx, posting: Posting): Promise<PostingResult> {
  return db.transaction((tx) => postInTx(tx, posting));
}
