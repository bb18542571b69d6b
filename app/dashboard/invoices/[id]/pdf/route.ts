// GET /dashboard/invoices/{id}/pdf — the signed-in account's invoice or receipt PDF (a redirect to the document)
import { z } from "zod";
import { signedIn } from "@/lib/actions/session";
import { isAppError } from "@/lib/errors";
import { door } from "@/lib/http/door";
import { raw } from "@/lib/http/outputs/raw";
import { file, redirect } from "@/lib/http/replies";
import { invoicePdf } from "@/lib/invoices/invoices";

const TEXT = { contentType: "text/plain; charset=utf-8", headers: { "Cache-Control": "no-store" } };

export const GET = door(
  {
    auth: signedIn,
    params: z.object({ id: z.string() }),
    output: raw({
      // Plain text for a person's browser; anything unexpected is left to Next's error page.
      errors: (error) => {
        if (!isAppError(error)) throw error;
        const text = error.code === "unauthenticated" ? "Sign in to download invoices." : error.message;
        return file(`${text}\n`, { status: error.status, ...TEXT });
      },
    }),
  },
  // Unknown, or another account's: the same 404 (invoicePdf checks the owner).
  async ({ db, caller, params }) =>
    redirect((await invoicePdf(db, caller.accountId, params.id)).url, { "Cache-Control": "no-store" }),
);
