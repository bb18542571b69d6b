/**
 * The wallet's transactions as CSV (RFC 4180), newest first, streamed page by page. Free-text cells that a spreadsheet would run as a formula are
 * neutralised with a leading apostrophe (OWASP CSV injection).
 */
import { and, desc, eq, gt, lt } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { ledgerEntries } from "@/lib/db/schema/wallet";
import { usdDecimal } from "@/lib/money";
import { ensureWallet, type LedgerEntry } from "./ledger";

const HEADER = [
  "date",
  "id",
  "type",
  "kind",
  "description",
  "amount_usd",
  "balance_after_usd",
  "currency",
  "actor",
  "source",
  "reference",
];
const PAGE = 1_000;

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function text(value: string | null): string {
  const v = value ?? "";
  return quote(/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
}

function line(e: LedgerEntry): string {
  return [
    e.createdAt.toISOString(),
    e.id,
    e.amountMinor > 0 ? "credit" : "debit",
    e.kind,
    text(e.description),
    usdDecimal(e.amountMinor),
    usdDecimal(e.balanceAfterMinor),
    e.currency,
    e.actorKind,
    e.source,
    text(e.externalId),
  ].join(",");
}

/**
 * The export in chunks of PAGE rows, each read by keyset (`seq` below the last one sent) only when
 * the reader asks for it: a million rows stream in the memory of one page, with no count or offset.
 */
export async function* transactionsCsvChunks(
  db: Db,
  input: { accountId: string; type?: "credit" | "debit" | undefined },
): AsyncGenerator<string> {
  const wallet = await ensureWallet(db, input.accountId);
  yield `${HEADER.join(",")}\r\n`;
  const sign =
    input.type === "credit"
      ? gt(ledgerEntries.amountMinor, 0)
      : input.type === "debit"
        ? lt(ledgerEntries.amountMinor, 0)
        : undefined;
  let before: number | null = null;
  for (;;) {
    const rows = await db
      .select()
      .from(ledgerEntries)
      .where(
        and(
          eq(ledgerEntries.walletId, wallet.id),
          sign,
          before === null ? undefined : lt(ledgerEntries.seq, before),
        ),
      )
      .orderBy(desc(ledgerEntries.seq))
      .limit(PAGE);
    if (rows.length > 0) yield `${rows.map(line).join("\r\n")}\r\n`;
    const last = rows.at(-1);
    if (rows.length < PAGE || !last) return;
    before = last.seq;
  }
}

/** The whole export as one string (small ledgers, tests). */
export async function transactionsCsv(
  db: Db,
  input: { accountId: string; type?: "credit" | "debit" | undefined },
): Promise<string> {
  let out = "";
  for await (const chunk of transactionsCsvChunks(db, input)) out += chunk;
  return out;
}
