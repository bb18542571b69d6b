// GET /dashboard/wallet/transactions.csv — the signed-in account's wallet transactions as CSV (optional ?type=credit|debit)
import { z } from "zod";
import { requireHuman } from "@/lib/actions/session";
import { getDb } from "@/lib/db/client";
import { transactionsCsv } from "@/lib/wallet/transactions-csv";

const query = z.object({ type: z.enum(["credit", "debit"]).optional().catch(undefined) });

export async function GET(request: Request): Promise<Response> {
  let human: Awaited<ReturnType<typeof requireHuman>>;
  try {
    human = await requireHuman();
  } catch {
    return new Response("Sign in to export transactions.\n", {
      status: 401,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  const { type } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const csv = await transactionsCsv(await getDb(), { accountId: human.accountId, type });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="onramp-transactions-${type ?? "all"}-${day}.csv"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
