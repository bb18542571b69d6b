/** Read side of the wallet: the transaction list (offset or keyset paging). */
import { and, desc, eq, gt, lt, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { ledgerEntries } from "@/lib/db/schema/wallet";
import { AppError } from "@/lib/errors";
import { ensureWallet, type LedgerEntry, type Wallet } from "./ledger";

export interface ListTransactionsInput {
  accountId: string;
  type?: "credit" | "debit" | undefined;
  limit: number;
  offset: number;
  cursor?: string | undefined;
}

const encodeCursor = (seq: number) => Buffer.from(`seq:${seq}`).toString("base64url");

function decodeCursor(cursor: string): number {
  const match = /^seq:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!match)
    throw new AppError("validation_error", "cursor: not a cursor returned by this endpoint.", {
      details: { cursor: ["invalid cursor"] },
    });
  return Number(match[1]);
}

export interface TransactionsPage {
  entries: LedgerEntry[];
  /** Entries matching the filter, all pages together. */
  total: number;
  limit: number;
  /** Null when the page was asked for by cursor. */
  offset: number | null;
  /** The cursor of the next page, or null on the last one. */
  nextCursor: string | null;
  wallet: Wallet;
}

/** Newest first. `cursor` (from `nextCursor`) pages by position, so new entries never shift a page. */
export async function listTransactions(db: Db, input: ListTransactionsInput): Promise<TransactionsPage> {
  const wallet = await ensureWallet(db, input.accountId);
  const filters: SQL[] = [eq(ledgerEntries.walletId, wallet.id)];
  if (input.type === "credit") filters.push(gt(ledgerEntries.amountMinor, 0));
  if (input.type === "debit") filters.push(lt(ledgerEntries.amountMinor, 0));
  // The wallet row counts its entries by sign, so the total costs nothing however long the ledger.
  const total =
    input.type === "credit"
      ? wallet.creditCount
      : input.type === "debit"
        ? wallet.debitCount
        : wallet.creditCount + wallet.debitCount;
  const page = [...filters];
  if (input.cursor) page.push(lt(ledgerEntries.seq, decodeCursor(input.cursor)));
  const rows = await db
    .select()
    .from(ledgerEntries)
    .where(and(...page))
    .orderBy(desc(ledgerEntries.seq))
    .limit(input.limit + 1)
    .offset(input.cursor ? 0 : input.offset);
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return {
    entries: items,
    total,
    limit: input.limit,
    offset: input.cursor ? null : input.offset,
    nextCursor: rows.length > input.limit && last ? encodeCursor(last.seq) : null,
    wallet,
  };
}
