/**
 * The ledger's lowest layer: lock a wallet row, append one entry and move the cached balance in the
 * same transaction. Everything that writes money goes through `postInTx` (ledger.ts) or, for the
 * clawback bookkeeping that already holds the lock, `appendLocked`.
 */
import { and, eq, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/audit-log";
import type { DbOrTx, Tx } from "@/lib/db/client";
import { type LedgerKind, ledgerEntries, wallets } from "@/lib/db/schema/wallet";
import { AppError } from "@/lib/errors";

export type LedgerEntry = typeof ledgerEntries.$inferSelect;

/**
 * The audit action of each kind of ledger entry. Generation usage and its refunds are not audited:
 * they are the high-volume metering of the API (one per call), already itemised in the ledger and
 * the usage endpoints; every other money movement gets one entry, in the posting's transaction.
 */
const AUDIT_ACTIONS: Record<LedgerKind, string | null> = {
  fund: "wallet.funded",
  checkout_fund: "wallet.funded",
  auto_fund: "wallet.funded",
  coupon: "coupon.redeemed",
  refund: "wallet.refunded",
  refund_failed: "wallet.refund_reversed",
  dispute: "wallet.disputed",
  dispute_release: "wallet.dispute_released",
  withdrawal: "wallet.withdrawn",
  adjustment: "wallet.adjusted",
  usage: null,
  usage_refund: null,
};
export type Wallet = typeof wallets.$inferSelect;

export interface Posting {
  accountId: string;
  amountMinor: number;
  kind: LedgerKind;
  source: "stripe" | "generation" | "coupon" | "system";
  externalId: string;
  description: string;
  actor: { userId: string | null; kind: "agent" | "human" | "system" };
  causeRef?: string | null;
  reversesEntryId?: string | null;
  metadata?: Record<string, unknown>;
}

export interface PostingResult {
  entry: LedgerEntry;
  wallet: Wallet;
  /** False when the entry already existed (a repeat of the same external event). */
  created: boolean;
}

/** The account's USD wallet, created on first use. */
export async function ensureWallet(db: DbOrTx, accountId: string): Promise<Wallet> {
  const find = () =>
    db
      .select()
      .from(wallets)
      .where(and(eq(wallets.accountId, accountId), eq(wallets.currency, "USD")));
  // Reads are the common case: only the first touch of an account pays for the insert.
  const [existing] = await find();
  if (existing) return existing;
  await db.insert(wallets).values({ accountId }).onConflictDoNothing();
  const [wallet] = await find();
  if (!wallet) throw new Error(`wallet for ${accountId} vanished`);
  return wallet;
}

/**
 * The wallet row, locked until the transaction ends: every posting on it waits for this one. One
 * statement when the wallet exists (every posting but an account's first).
 */
export async function lockWallet(tx: Tx, accountId: string): Promise<Wallet> {
  const lock = () =>
    tx
      .select()
      .from(wallets)
      .where(and(eq(wallets.accountId, accountId), eq(wallets.currency, "USD")))
      .for("update");
  const [existing] = await lock();
  if (existing) return existing;
  await tx.insert(wallets).values({ accountId }).onConflictDoNothing();
  const [wallet] = await lock();
  if (!wallet) throw new Error(`wallet for ${accountId} vanished`);
  return wallet;
}

export async function findEntry(
  tx: DbOrTx,
  key: Pick<Posting, "source" | "externalId" | "kind">,
): Promise<LedgerEntry | undefined> {
  const [entry] = await tx
    .select()
    .from(ledgerEntries)
    .where(
      and(
        eq(ledgerEntries.source, key.source),
        eq(ledgerEntries.externalId, key.externalId),
        eq(ledgerEntries.kind, key.kind),
      ),
    );
  return entry;
}

/**
 * `insufficient_balance` from the ledger. The amounts travel as typed properties in cents; the
 * doors write them into the answer's `details` (lib/http/present/errors.ts).
 */
export class InsufficientBalance extends AppError {
  constructor(
    readonly balanceMinor: number,
    readonly requiredMinor: number,
  ) {
    super("insufficient_balance", "The wallet balance is too low for this charge.");
  }
}

export function insufficientBalance(wallet: Wallet, requiredMinor: number): AppError {
  return new InsufficientBalance(wallet.balanceMinor, requiredMinor);
}

/**
 * Appends to a wallet the caller has locked (`lockWallet`) and returns the wallet after it. The
 * caller has checked that the entry is new; a debit beyond the balance throws `insufficient_balance`.
 */
export async function appendLocked(tx: Tx, wallet: Wallet, posting: Posting): Promise<PostingResult> {
  if (!isLedgerAmount(posting.amountMinor)) throw new Error(`invalid ledger amount ${posting.amountMinor}`);
  const balanceAfter = wallet.balanceMinor + posting.amountMinor;
  if (balanceAfter < 0) throw insufficientBalance(wallet, -posting.amountMinor);
  const [entry] = await tx
    .insert(ledgerEntries)
    .values({
      walletId: wallet.id,
      accountId: posting.accountId,
      amountMinor: posting.amountMinor,
      balanceAfterMinor: balanceAfter,
      kind: posting.kind,
      source: posting.source,
      externalId: posting.externalId,
      description: posting.description,
      actorUserId: posting.actor.userId,
      actorKind: posting.actor.kind,
      causeRef: posting.causeRef ?? null,
      reversesEntryId: posting.reversesEntryId ?? null,
      metadata: posting.metadata ?? {},
    })
    .returning();
  if (!entry) throw new Error("ledger insert returned nothing");
  return { entry, wallet: await moveBalance(tx, entry, posting), created: true };
}

export const isLedgerAmount = (amountMinor: number) => Number.isSafeInteger(amountMinor) && amountMinor !== 0;

/**
 * The second half of a posting, once its entry is inserted under the wallet's lock: move the cached
 * balance and counters, and audit the movement. Returns the wallet after it.
 */
export async function moveBalance(tx: Tx, entry: LedgerEntry, posting: Posting): Promise<Wallet> {
  const credit = Math.max(posting.amountMinor, 0);
  const debit = Math.max(-posting.amountMinor, 0);
  const [updated] = await tx
    .update(wallets)
    .set({
      balanceMinor: sql`${wallets.balanceMinor} + ${posting.amountMinor}`,
      totalCreditedMinor: sql`${wallets.totalCreditedMinor} + ${credit}`,
      totalDebitedMinor: sql`${wallets.totalDebitedMinor} + ${debit}`,
      creditCount: sql`${wallets.creditCount} + ${credit > 0 ? 1 : 0}`,
      debitCount: sql`${wallets.debitCount} + ${debit > 0 ? 1 : 0}`,
      updatedAt: new Date(),
    })
    .where(eq(wallets.id, entry.walletId))
    .returning();
  if (!updated) throw new Error("wallet update returned nothing");
  const action = AUDIT_ACTIONS[posting.kind];
  if (action) {
    await recordAudit(tx, {
      accountId: posting.accountId,
      action,
      targetType: "ledger_entry",
      targetId: entry.id,
      data: {
        kind: posting.kind,
        amount_minor: posting.amountMinor,
        balance_after_minor: entry.balanceAfterMinor,
        source: posting.source,
        reference: posting.externalId,
        // Whoever started it, when a webhook or the reconciler settles it later.
        initiated_by: posting.actor.kind,
      },
      // A top-up the wallet makes on its own, whichever request's debit set it off.
      ...(posting.kind === "auto_fund" ? { actor: { kind: "system" as const } } : {}),
    });
  }
  return updated;
}
