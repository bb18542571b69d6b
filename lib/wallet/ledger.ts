/**
 * The only writer of money. Each posting locks the wallet row, appends one entry and moves the
 * cached balance in the same transaction. A posting whose (source, external id, kind) already
 * exists is a no-op that returns the existing entry: exactly-once, whoever calls first.
 */
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/lib/db/client";
import { type LedgerKind, ledgerEntries, wallets } from "@/lib/db/schema/wallet";
import { AppError } from "@/lib/errors";

export type LedgerEntry = typeof ledgerEntries.$inferSelect;
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

async function findEntry(tx: DbOrTx, posting: Posting): Promise<LedgerEntry | undefined> {
  const [entry] = await tx
    .select()
    .from(ledgerEntries)
    .where(
      and(
        eq(ledgerEntries.source, posting.source),
        eq(ledgerEntries.externalId, posting.externalId),
        eq(ledgerEntries.kind, posting.kind),
      ),
    );
  return entry;
}

/** Posts inside the caller's transaction. Debits beyond the balance throw `insufficient_balance`. */
export async function postInTx(tx: Tx, posting: Posting): Promise<PostingResult> {
  if (!Number.isSafeInteger(posting.amountMinor) || posting.amountMinor === 0) {
    throw new Error(`invalid ledger amount ${posting.amountMinor}`);
  }
  const created = await ensureWallet(tx, posting.accountId);
  // The row lock serialises every posting on this wallet, so the balance check below cannot race.
  const [wallet] = await tx.select().from(wallets).where(eq(wallets.id, created.id)).for("update");
  if (!wallet) throw new Error("wallet missing after ensureWallet");

  const existing = await findEntry(tx, posting);
  if (existing) return { entry: existing, wallet, created: false };

  const balanceAfter = wallet.balanceMinor + posting.amountMinor;
  if (balanceAfter < 0) {
    throw new AppError("insufficient_balance", "The wallet balance is too low for this charge.", {
      details: { balance: wallet.balanceMinor / 100, required: -posting.amountMinor / 100, currency: "USD" },
    });
  }
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
  const credit = Math.max(posting.amountMinor, 0);
  const debit = Math.max(-posting.amountMinor, 0);
  const [updated] = await tx
    .update(wallets)
    .set({
      balanceMinor: sql`${wallets.balanceMinor} + ${posting.amountMinor}`,
      totalCreditedMinor: sql`${wallets.totalCreditedMinor} + ${credit}`,
      totalDebitedMinor: sql`${wallets.totalDebitedMinor} + ${debit}`,
      updatedAt: new Date(),
    })
    .where(eq(wallets.id, wallet.id))
    .returning();
  if (!updated) throw new Error("wallet update returned nothing");
  return { entry, wallet: updated, created: true };
}

/** Posts in its own transaction. */
export async function post(db: DbOrTx, posting: Posting): Promise<PostingResult> {
  return db.transaction((tx) => postInTx(tx, posting));
}
