// GET /dashboard/audit/events.csv — the signed-in account's audit log as CSV, streamed (same filters as the page; owners and admins)
import { signedIn } from "@/lib/actions/session";
import { isAppError } from "@/lib/errors";
import { door } from "@/lib/http/door";
import { raw } from "@/lib/http/outputs/raw";
import { file } from "@/lib/http/replies";
import { auditCsvFor, auditCsvQuery } from "@/lib/query/audit";

export const GET = door(
  {
    auth: signedIn,
    query: auditCsvQuery,
    output: raw({
      // Plain text for a person's browser; anything unexpected is left to Next's error page.
      errors: (error) => {
        if (!isAppError(error)) throw error;
        const text = error.code === "unauthenticated" ? "Sign in to export the audit log." : error.message;
        return file(`${text}\n`, {
          status: error.status,
          contentType: "text/plain; charset=utf-8",
          headers: { "Cache-Control": "no-store" },
        });
      },
    }),
  },
  async ({ db, caller, query }) => {
    const day = new Date().toISOString().slice(0, 10);
    return file(auditCsvFor(db, caller, query), {
      contentType: "text/csv; charset=utf-8",
      headers: {
        "Content-Disposition": `attachment; filename="onramp-audit-${day}.csv"`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  },
);
