// GET /dashboard/wallet/transactions.csv — the signed-in account's wallet transactions as CSV (optional ?type=credit|debit)
import { z } from "zod";
import { signedIn } from "@/lib/actions/session";
import { isAppError } from "@/lib/errors";
import { door } from "@/lib/http/door";
import { raw } from "@/lib/http/outputs/raw";
import { file, textStream } from "@/lib/http/replies";
import { transactionsCsvChunks } from "@/lib/wallet/transactions-csv";

// Anything but one known type exports everything (a repeated ?type= counts by its last value).
const query = z.object({
  type: z
    .preprocess((v) => (Array.isArray(v) ? v.at(-1) : v), z.enum(["credit", "debit"]).optional())
    .catch(undefined),
});

export const GET = door(
  {
    auth: signedIn,
    query,
    output: raw({
      // Plain text for a person's browser; anything unexpected is left to Next's error page.
      errors: (error) => {
        if (!isAppError(error)) throw error;
        const text = error.code === "unauthenticated" ? "Sign in to export transactions." : error.message;
        return file(`${text}\n`, {
          status: error.status,
          contentType: "text/plain; charset=utf-8",
          headers: { "Cache-Control": "no-store" },
        });
      },
    }),
  },
  async ({ db, caller, query: { type } }) => {
    const csv = transactionsCsvChunks(db, { accountId: caller.accountId, type });
    const day = new Date().toISOString().slice(0, 10);
    return file(textStream(csv), {
      contentType: "text/csv; charset=utf-8",
      headers: {
        "Content-Disposition": `attachment; filename="onramp-transactions-${type ?? "all"}-${day}.csv"`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  },
);
