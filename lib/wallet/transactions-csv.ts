/**
 * The wallet's transactions as CSV (RFC 4180), newest first, paged through the same query as
 * GET /wallet/transactions. Free-text cells that a spreadsheet would run as a formula are
 * neutralised with a leading apostrophe (OWASP CSV injection).
 */
import type { Db } from "@/lib/db/client";
import { usdDecimal } from "@/lib/money";
import { listTransactions } from "./queries";

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
const PAGE = 200;
/** A bound on one export, so a huge ledger cannot pin the server; the file says when it was cut. */
export const CSV_MAX_ROWS = 50_000;

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function text(value: string | null): string {
  const v = value ?? "";
  return quote(/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
}

export async function transactionsCsv(
  db: Db,
  input: { accountId: string; type?: "credit" | "debit" | undefined },
): Promise<string> {
  const lines = [HEADER.join(",")];
  let cursor: string | undefined;
  let rows = 0;
  do {
    const page = await listTransactions(db, {
      accountId: input.accountId,
      type: input.type,
      limit: PAGE,
      offset: 0,
      cursor,
    });
    for (const e of page.entries) {
      lines.push(
        [
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
        ].join(","),
      );
    }
    rows += page.entries.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor && rows < CSV_MAX_ROWS);
  if (cursor) lines.push(`# truncated after ${CSV_MAX_ROWS} rows; filter by type to export the rest`);
  return `${lines.join("\r\n")}\r\n`;
}
